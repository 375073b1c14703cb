package com.example.voice;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A travel desk on the phone: a LangChain4j model and the {@link BookingTools} bean are all the
 * application defines; Parley's starter finds them, serves Twilio, Telnyx and browser calls on its
 * side port (application.properties), and reports to Actuator.
 */
@SpringBootApplication
public class VoiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(VoiceApplication.class, args);
  }

  /** Any OpenAI-compatible endpoint: OpenAI, or a local server (Ollama, llama.cpp, vLLM). */
  @Bean
  StreamingChatModel chatModel(
      @Value("${openai.base-url}") String baseUrl,
      @Value("${openai.api-key}") String apiKey,
      @Value("${openai.model}") String model) {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey(apiKey)
        .modelName(model)
        .timeout(Duration.ofSeconds(20))
        .build();
  }
}
