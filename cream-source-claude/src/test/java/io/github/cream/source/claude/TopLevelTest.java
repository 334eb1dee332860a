package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopLevelTest {

  private static int classify(String line) {
    TestLine l = TestLine.of(line);
    return new TopLevel().classify(l.buffer(), l.start(), l.start() + l.length());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"type\":\"progress\",\"data\":{\"message\":{\"usage\":{}}}}|7",
        "{\"parentUuid\":null,\"isSidechain\":false,\"cwd\":\"/a\\\"b\",\"type\":\"file-history-snapshot\"}|7",
        "{\"data\":{\"type\":\"assistant\",\"x\":[1,{\"type\":\"assistant\"}]},\"type\":\"progress\"}|7",
        "{\"message\":{\"usage\":{}},\"type\":\"progress\"}|3",
        "{\"type\":\"assistant\"}|4",
        "  { \"type\" : \"user\" , \"message\": {}}|5",
        "{\"type\":\"summary\",\"summary\":\"x\"}|6",
        "{\"type\":\"custom-title\"}|6",
        "{\"type\":\"ai-title\"}|6",
        "{\"type\":\"user-x\"}|8",
        "{\"type\":\"queue-operation\",\"message\":{}}|7",
        "{\"type\":null,\"message\":{}}|2",
        "{\"type\":5}|2",
        "{\"typ\\u0065\":\"progress\"}|2",
        "{\"type\":\"progr\\u0065ss\"}|2",
        "{\"a\":1,\"b\":true,\"c\":null,\"d\":-1.5e3,\"e\":[],\"f\":{}}|1",
        "{}|1",
        "[1,2]|0",
        "garbage|0",
        "``|0",
        "{\"a\":\"unterminated|2",
        "{\"a\":{\"b\":[1,2}|2",
        "{\"a\" 1}|2",
        "{\"a\":1 \"b\":2}|2",
        "{\"a\":1,|2",
        "{\"message\":|2",
        "{\"message\":1|3",
      })
  void classifiesOnTheTopLevelOnly(String line, int expected) {
    assertEquals(expected, classify(line), line);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"sessionId\":\"abc\",\"type\":\"user\"}|abc",
        "{\"x\":{\"sessionId\":\"nested\"},\"sessionId\":\"top\",\"type\":\"user\"}|top",
      })
  void remembersTheTopLevelSessionId(String line, String session) {
    TestLine l = TestLine.of(line);
    TopLevel t = new TopLevel();
    assertEquals(TopLevel.USER, t.classify(l.buffer(), l.start(), l.start() + l.length()));
    assertEquals(session, new String(l.buffer(), t.sessionStart, t.sessionEnd - t.sessionStart, StandardCharsets.UTF_8));
  }

  @org.junit.jupiter.api.Test
  void aByteOrderMarkIsSkipped() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] json = "{\"type\":\"assistant\"}".getBytes(StandardCharsets.UTF_8);
    byte[] line = new byte[bom.length + json.length];
    System.arraycopy(bom, 0, line, 0, 3);
    System.arraycopy(json, 0, line, 3, json.length);
    TestLine l = TestLine.of(line, 1);
    assertEquals(TopLevel.ASSISTANT, new TopLevel().classify(l.buffer(), l.start(), l.start() + l.length()));
  }
}
