package io.github.cream.source.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.cream.api.SessionCategory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifierTest {

  private static SessionMeta key(String key) {
    return Classifier.fromIndex(new Classifier.IndexFields(key, null, null, null, null, null, null, null, null, null));
  }

  @Test
  void sessionKeys() {
    assertEquals(new SessionMeta(SessionCategory.INTERACTIVE, "direct", null, "main", null, null), key("agent:main:main"));
    assertEquals(SessionCategory.INTERACTIVE, key("agent:ops:telegram:dm:42").category());
    assertEquals("telegram", key("agent:ops:telegram:dm:42").channel());
    assertEquals("ops", key("agent:ops:telegram:dm:42").agentId());
    assertEquals("discord", key("agent:main:discord:group:9:topic:3").channel());
    assertEquals("slack", key("agent:main:slack:channel:C1").channel());
    assertEquals("whatsapp", key("agent:main:whatsapp:default:dm:+1555").channel(), "per-account dm scope");
    assertEquals(new SessionMeta(SessionCategory.CRON, null, "job-1", "main", null, null), key("agent:main:cron:job-1"));
    assertEquals("job-1", key("agent:main:cron:job-1:run:77").cronJob());
    assertEquals(SessionCategory.CRON, key("cron:job-2").category(), "older keys without the agent prefix");
    assertEquals(SessionCategory.SUBAGENT, key("agent:main:subagent:5f3c").category());
    assertEquals(SessionCategory.SYSTEM, key("agent:main:heartbeat").category());
    assertEquals(SessionCategory.SYSTEM, key("hook:ab12").category());
    assertEquals("api", key("agent:main:openresponses-user:u1").channel());
    assertNull(key("node-7").category());
  }

  @Test
  void labelsOriginsAndSpawns() {
    SessionMeta cron =
        Classifier.fromIndex(
            new Classifier.IndexFields("agent:main:cron:b911", "Cron: auto-dream", null, null, null, null, null, null,
                null, null));
    assertEquals("auto-dream", cron.cronJob());
    SessionMeta main =
        Classifier.fromIndex(
            new Classifier.IndexFields("agent:main:main", null, null, "Telegram", "whatsapp", "signal", "direct",
                null, null, null));
    assertEquals("telegram", main.channel(), "origin.surface before deliveryContext and lastChannel");
    assertEquals("direct", main.chatType());
    SessionMeta spawned =
        Classifier.fromIndex(
            new Classifier.IndexFields("agent:main:worker", null, null, null, null, null, null, "agent:main:main",
                null, null));
    assertEquals(SessionCategory.SUBAGENT, spawned.category());
    assertEquals(SessionCategory.CRON,
        Classifier.fromIndex(new Classifier.IndexFields(null, null, null, null, null, null, null, null, "cron", null))
            .category(), "the SQLite store's created_via");
  }

  @Test
  void textMarkers() {
    assertEquals(new SessionMeta(SessionCategory.CRON, null, "auto-dream", null, null, null),
        Classifier.fromText("[cron:b9110520-e052-4b6e-a8cf-3112bb46e172 auto-dream] # Dream"));
    assertEquals("telegram", Classifier.fromText("[Telegram Ann (@ann) id:1 +1m 2026-02-01 14:03 PST] hi").channel());
    assertEquals(SessionCategory.SUBAGENT, Classifier.fromText("[Subagent Context] You are running").category());
    assertEquals(SessionCategory.SYSTEM, Classifier.fromText("System: [2026-04-08 03:51:15 UTC] Gateway up").category());
    assertEquals("whatsapp",
        Classifier.fromText("System: [t] WhatsApp gateway connected.\n\nHello there!").channel());
    assertEquals("direct", Classifier.fromText("just a question").channel());
  }

  @Test
  void titles() {
    assertEquals("hello from telegram?",
        Classifier.title("[Telegram Marcus (@m) id:1 +1m 2026-02-01 14:03 PST] hello from telegram?\n[message_id: 3]"));
    assertEquals("Run the daily backup job", Classifier.title("[cron:abc123 daily-backup] Run the daily backup job"));
    assertEquals("Hello there!", Classifier.title("System: [x] WhatsApp gateway connected.\n\nHello there!\n[message_id: a]"));
    assertEquals("what now",
        Classifier.title("Conversation info (untrusted metadata):\n```json\n{\"message_id\":\"1\"}\n```\n\n"
            + "Sender (untrusted metadata):\n```json\n{\"id\":\"2\"}\n```\n\n[Sun 2026-03-08 22:03 GMT+9] what now"));
    assertNull(Classifier.title("System: [t] only an event"));
    assertEquals("at last", Classifier.title("System: [t] event\n".repeat(40) + "\nat last"));
    String longText = "word ".repeat(40);
    String t = Classifier.title(longText);
    assertEquals(Classifier.TITLE_MAX, t.codePointCount(0, t.length()));
    assertEquals("[1, 2] is a list", Classifier.title("[1, 2] is a list"), "a user's own bracket stays");
  }

  @Test
  void indexParsingSkipsWhatItDoesNotUse() throws Exception {
    String json =
        "{\"agent:main:main\":{\"skillsSnapshot\":{\"prompt\":\"" + "x".repeat(100_000)
            + "\",\"nested\":[[{\"a\":[1,2,{\"b\":null}]}]]},\"sessionId\":\"s1\",\"origin\":{\"surface\":\"telegram\"}},"
            + "\"agent:main:cron:j\":{\"sessionId\":\"s2\",\"label\":\"Cron: nightly\"},"
            + "\"broken\":42,\"agent:main:x\":{\"noSessionId\":true}}";
    Map<String, SessionMeta> m =
        SessionIndex.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(2, m.size());
    assertEquals("telegram", m.get("s1").channel());
    assertEquals("nightly", m.get("s2").cronJob());
  }

  private static int needles(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return PiParser.needles(b, 0, b.length);
  }

  @Test
  void thePreFilterLooksOnlyAtQuotedWords() {
    assertEquals(1, needles("{\"message\":{\"role\":\"assistant\",\"usage\":{}}}"));
    assertEquals(0, needles("{\"text\":\"the \\\"usage\\\" of a word\"}"), "escaped quotes inside text");
    assertEquals(2, needles("{\"role\":\"user\"}"));
    assertEquals(4, needles("{\"type\":\"session\"}"));
    assertEquals(8, needles("{\"type\":\"model_change\"}"));
    assertEquals(16, needles("{\"type\":\"session_info\"}"));
    assertEquals(0, needles("{\"type\":\"sessions\",\"users\":1,\"x\":\"usag"));
    assertEquals(0, needles("\""));
  }
}
