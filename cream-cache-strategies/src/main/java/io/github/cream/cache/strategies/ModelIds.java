package io.github.cream.cache.strategies;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which provider and model ids each built-in strategy claims. The three published-rule and learned strategies
 * partition the (provider, model) space between them, so {@code supports} answers stay consistent: a Claude model
 * goes to {@code anthropic-ephemeral}, an OpenAI model served by OpenAI or Azure to {@code openai-prompt-cache},
 * and everything else to {@code empirical-dropoff}.
 */
final class ModelIds {

  /**
   * Providers that serve Claude with Anthropic's own cache semantics: the Claude API, Amazon Bedrock, Google Vertex
   * AI and Microsoft Foundry. The prompt-caching guide states its minimums "on the Claude API, Claude Platform on
   * AWS, Google Cloud, and Microsoft Foundry"; Bedrock's TTL "resets with each successful cache hit" like
   * Anthropic's (research peers.md section 3, "Bedrock / Vertex (Claude)").
   */
  static final Set<String> ANTHROPIC_NATIVE_PROVIDERS =
      Set.of(
          "anthropic",
          "amazon-bedrock",
          "bedrock",
          "google-vertex",
          "google-vertex-anthropic",
          "vertex",
          "vertex-ai",
          "anthropic-vertex",
          "microsoft-foundry");

  /**
   * Providers that serve OpenAI's models with OpenAI's prompt cache: the OpenAI API, Azure OpenAI (whose prompt
   * caching page mirrors OpenAI's rules) and the ChatGPT backend Codex and Pi log as {@code openai-codex}.
   */
  static final Set<String> OPENAI_PROVIDERS =
      Set.of("openai", "azure", "azure-openai", "azure-openai-responses", "openai-codex");

  private static final Pattern CLAUDE = Pattern.compile("(?:^|[^a-z0-9])claude(?:[^a-z0-9]|$)");
  private static final Pattern OPENAI_MODEL = Pattern.compile("(?:gpt-|chatgpt-|codex-|o1|o3|o4).*");
  private static final Pattern DATE_SUFFIX = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");

  private ModelIds() {}

  /**
   * Lowercases an id and maps null to the empty string.
   *
   * @param id the id, or null
   * @return the lowercase id, never null
   */
  static String lower(String id) {
    return id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the model id names a Claude model, whatever the provider's spelling: {@code claude-opus-4-6},
   * {@code anthropic/claude-sonnet-4.5}, {@code us.anthropic.claude-opus-4-6-v1}, {@code claude-opus-4-1@20250805}.
   *
   * @param model the model id as logged
   * @return true for a Claude model
   */
  static boolean isClaude(String model) {
    return CLAUDE.matcher(lower(model)).find();
  }

  /**
   * Whether {@code anthropic-ephemeral} applies: the Claude API serves only Claude models; Bedrock, Vertex and
   * routers serve other models too, so there the model id decides.
   *
   * @param provider the provider id
   * @param model the model id
   * @return true when Anthropic's cache rules apply
   */
  static boolean isAnthropic(String provider, String model) {
    return lower(provider).equals("anthropic") || isClaude(model);
  }

  /**
   * Whether the provider serves Claude with Anthropic's published cache rules, rather than reselling it.
   *
   * @param provider the provider id
   * @return true for the Claude API, Bedrock, Vertex and Foundry
   */
  static boolean isAnthropicNative(String provider) {
    return ANTHROPIC_NATIVE_PROVIDERS.contains(lower(provider));
  }

  /**
   * An OpenAI model id without provider prefix, fine-tune marker or date suffix: {@code openai/gpt-5-2025-08-07}
   * becomes {@code gpt-5}.
   *
   * @param model the model id as logged
   * @return the bare model id, lowercase
   */
  static String bareOpenAiModel(String model) {
    String m = lower(model);
    if (m.startsWith("ft:")) {
      m = m.substring(3);
      int colon = m.indexOf(':');
      if (colon >= 0) {
        m = m.substring(0, colon);
      }
    }
    int slash = m.lastIndexOf('/');
    if (slash >= 0) {
      m = m.substring(slash + 1);
    }
    return DATE_SUFFIX.matcher(m).replaceFirst("");
  }

  /**
   * Whether {@code openai-prompt-cache} applies: an OpenAI model ({@code gpt-*}, {@code o1*}, {@code o3*},
   * {@code o4*}, {@code codex-*}) served by OpenAI, Azure or the ChatGPT backend. The open-weight {@code gpt-oss}
   * models are excluded: whoever hosts them runs their own cache.
   *
   * @param provider the provider id
   * @param model the model id
   * @return true when OpenAI's cache rules apply
   */
  static boolean isOpenAi(String provider, String model) {
    if (!OPENAI_PROVIDERS.contains(lower(provider)) || isClaude(model)) {
      return false;
    }
    String m = bareOpenAiModel(model);
    return OPENAI_MODEL.matcher(m).matches() && !m.startsWith("gpt-oss");
  }

  /**
   * Whether the provider is Azure, whose retention defaults differ from OpenAI's.
   *
   * @param provider the provider id
   * @return true for the Azure providers
   */
  static boolean isAzure(String provider) {
    return lower(provider).startsWith("azure");
  }
}
