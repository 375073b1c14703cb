package dev.parley.core.tool;

/**
 * An agent's request to run a tool.
 *
 * @param id unique within the session; a side-effecting call runs at most once per id
 * @param name the tool's name
 * @param argumentsJson the arguments, a JSON object
 */
public record ToolCall(String id, String name, String argumentsJson) {}
