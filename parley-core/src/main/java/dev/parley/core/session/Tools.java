package dev.parley.core.session;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.frame.Frame;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolException;
import dev.parley.core.tool.ToolResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs an agent's tool calls for one session, on the agent's worker, and remembers the completed
 * ones so their effects can be compensated.
 */
final class Tools {
  private final Map<String, Tool> byName = new LinkedHashMap<>();
  private final Map<String, ToolResult> completed = new ConcurrentHashMap<>();

  Tools(List<Tool> tools) {
    for (Tool tool : tools) {
      if (byName.put(tool.spec().name(), tool) != null) {
        throw new IllegalArgumentException("two tools are named " + tool.spec().name());
      }
    }
  }

  /** Runs {@code call} for response {@code responseId}, posting its start and end. */
  ToolResult run(ToolCall call, long responseId, Worker.Outbox out) throws InterruptedException {
    out.post(
        new Frame.ToolStarted(responseId, call.id(), call.name(), call.argumentsJson(), false));
    Tool tool = byName.get(call.name());
    ToolResult result;
    if (tool == null) {
      result = failed(call, "no tool named " + call.name());
    } else {
      try {
        result =
            new ToolResult(
                call, ToolStatus.OK, tool.invoke(call.argumentsJson(), context(call, out)), false);
        completed.put(call.id(), result);
      } catch (InterruptedException e) {
        post(
            out, responseId, new ToolResult(call, ToolStatus.CANCELLED, error("cancelled"), false));
        throw e;
      } catch (ToolException e) {
        result = failed(call, String.valueOf(e.getMessage()));
      } catch (Exception e) {
        result = failed(call, call.name() + " failed: " + e);
      }
    }
    post(out, responseId, result);
    return result;
  }

  /** Undoes the completed call {@code callId} through its tool's compensation. */
  ToolResult compensate(String callId, long responseId, Worker.Outbox out)
      throws InterruptedException {
    ToolResult done = completed.get(callId);
    ToolCall undo =
        new ToolCall(callId + "-undo", done == null ? "unknown" : done.call().name(), "{}");
    if (done == null) {
      return failed(undo, "no completed call " + callId + " to undo");
    }
    Tool tool = byName.get(done.call().name());
    if (tool == null || !tool.compensable()) {
      return failed(undo, done.call().name() + " cannot be undone");
    }
    try {
      String json = tool.compensate(done.call().argumentsJson(), done.json(), context(undo, out));
      completed.remove(callId);
      ToolResult result = new ToolResult(done.call(), ToolStatus.COMPENSATED, json, false);
      post(out, responseId, result);
      return result;
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      return failed(undo, "could not undo " + done.call().name() + ": " + e.getMessage());
    }
  }

  private static ToolContext context(ToolCall call, Worker.Outbox out) {
    return new ToolContext() {
      @Override
      public String callId() {
        return call.id();
      }

      @Override
      public void await(Duration duration) throws InterruptedException {
        out.await(duration.toNanos());
      }
    };
  }

  private static void post(Worker.Outbox out, long responseId, ToolResult result)
      throws InterruptedException {
    ToolCall call = result.call();
    out.post(
        new Frame.ToolEnded(
            responseId,
            call.id(),
            call.name(),
            call.argumentsJson(),
            result.status(),
            result.json()));
  }

  private static ToolResult failed(ToolCall call, String message) {
    return new ToolResult(call, ToolStatus.FAILED, error(message), false);
  }

  static String error(String message) {
    return "{\"error\":\""
        + new String(JsonStringEncoder.getInstance().quoteAsString(message))
        + "\"}";
  }
}
