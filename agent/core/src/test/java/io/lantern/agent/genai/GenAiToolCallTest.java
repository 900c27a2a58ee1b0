package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;

class GenAiToolCallTest {
  @Test
  void aToolRunIsOneInternalChildSpanAndOneObservationWithTheToolsOwnErrorType() throws Exception {
    try (RecorderFixture f = new RecorderFixture()) {
      LanternSpan before = Tracing.current();
      GenAiToolCall run = f.recorder.startTool("weather", "call_1", null);
      assertSame(run, GenAiToolCall.current(), "current while the tool runs");
      assertEquals(LanternSpan.Kind.INTERNAL, run.kind());
      assertEquals("execute_tool weather", run.spanName());
      run.end(null);
      run.end(new IllegalStateException("late")); // once
      run.detach();
      assertSame(before, Tracing.current(), "what was current is back");

      GenAiToolCall failing = f.recorder.startTool("broken", null, null);
      failing.toolFailed(new IllegalArgumentException("the tool's own")); // caught by the library, reported first
      failing.end(new RuntimeException(new InvocationTargetException(new IllegalArgumentException())));
      failing.detach();
      assertEquals("java.lang.IllegalArgumentException", failing.errorTypeLabel());

      String text = f.scrape();
      assertTrue(text.contains("lantern_gen_ai_tool_duration_seconds_count{gen_ai_tool_name=\"weather\",error_type=\"\",} 1.0"), text);
      assertTrue(text.contains("lantern_gen_ai_tool_duration_seconds_count{gen_ai_tool_name=\"broken\","
          + "error_type=\"java.lang.IllegalArgumentException\",} 1.0"), text);
    }
  }

  @Test
  void aLayerOfTheSameCallbackIsOneRunButAToolInsideAnotherToolIsItsOwn() {
    try (RecorderFixture f = new RecorderFixture()) {
      Object callback = new Object();
      GenAiToolCall outer = f.recorder.startTool("weather", null, callback);
      assertNull(f.recorder.startTool("weather", null, callback), "call(String) calling call(String, ToolContext)");
      GenAiToolCall inner = f.recorder.startTool("lookup", null, new Object());
      assertNotNull(inner);
      inner.end(null);
      inner.detach();
      outer.end(null);
      outer.detach();
      assertNull(GenAiToolCall.current());
    }
  }
}
