package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The provider's shortcuts give what the two patterns alone give, for ids of any case and alphabet. */
class ProviderProperties {

  private static final Pattern BEDROCK =
      Pattern.compile("^(?:arn:aws[a-z-]*:bedrock:.*|(?:[a-z][a-z-]{1,9}\\.)?anthropic\\.claude.*)$");
  private static final Pattern VERTEX = Pattern.compile("^claude-[^@/]*@\\d{8}$");

  private static final String[] PIECES = {
    "claude", "-", "opus", "4", "@", "20250929", ".", "anthropic", "ANTHROPIC", ".claude", "arn:aws", "ARN:AWS",
    ":bedrock:", "us.", "K", "\u212A", "\u017F", "\u0130", "\u00DF", "v1:0", "/", "Arn:Aws", "global.", "é"
  };

  @Property(tries = 2000)
  void providerEqualsThePatterns(@ForAll long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(7);
    for (int k = 0; k < n; k++) {
      sb.append(PIECES[r.nextInt(PIECES.length)]);
    }
    String model = sb.toString();
    assertEquals(reference(model), ClaudeParser.provider(model), model);
  }

  private static String reference(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    if (BEDROCK.matcher(m).matches()) {
      return "amazon-bedrock";
    }
    if (VERTEX.matcher(m).matches()) {
      return "google-vertex";
    }
    return "anthropic";
  }
}
