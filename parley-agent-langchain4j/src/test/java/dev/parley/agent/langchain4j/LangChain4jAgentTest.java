package dev.parley.agent.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.Conversation.Turn;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.FakeChatServer.Response;
import dev.parley.testing.FakeReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The adapter around LangChain4j's real {@link OpenAiStreamingChatModel}, pointed at a loopback
 * server replaying OpenAI's streaming wire format: LangChain4j's HTTP client, SSE parsing and tool
 * call assembly all run for real.
 */
class LangChain4jAgentTest {
  private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
  private FakeChatServer server = FakeChatServer.replying();

  @AfterEach
  void stopServer() {
    server.close();
  }

  private LangChain4jAgent.Builder agent(FakeChatServer s) {
    this.server = s;
    OpenAiStreamingChatModel model =
        OpenAiStreamingChatModel.builder()
            .baseUrl(s.baseUrl())
            .apiKey("sk-test")
            .modelName("gpt-4o-mini")
            .timeout(Duration.ofSeconds(10))
            .build();
    return LangChain4jAgent.builder(model).sleeper(slept::add);
  }

  private static Conversation said(String text) {
    return new Conversation("s1", List.of(new Turn.User(text)));
  }

  @Nested
  class Streaming {
    @Test
    void partialResponsesReachTheReplyOneByOneAsStreamed() throws Exception {
      LangChain4jAgent a = agent(FakeChatServer.replying(Response.stream("text.sse"))).build();
      FakeReply reply = new FakeReply();
      a.respond(said("when is the next train to Boston"), reply);
      assertThat(reply.deltas())
          .containsExactly(
              "Sure",
              "!",
              " The",
              " next",
              " train",
              " to",
              " Boston",
              " leaves",
              " at",
              " ten",
              " fifteen",
              ".");
      assertThat(reply.calls()).isEmpty();
    }
  }
}
