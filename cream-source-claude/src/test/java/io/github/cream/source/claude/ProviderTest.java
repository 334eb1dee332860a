package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderTest {

  @ParameterizedTest
  @CsvSource({
    "claude-opus-4-6, anthropic",
    "claude-sonnet-4-5-20250929, anthropic",
    "anthropic/claude-4.6-opus-20260205, anthropic",
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0, amazon-bedrock",
    "global.anthropic.claude-opus-4-6-v1:0, amazon-bedrock",
    "us-gov.anthropic.claude-3-7-sonnet-20250219-v1:0, amazon-bedrock",
    "anthropic.claude-3-5-sonnet-20241022-v2:0, amazon-bedrock",
    "arn:aws:bedrock:us-east-1:000000000000:inference-profile/us.anthropic.claude-opus-4-6-v1:0, amazon-bedrock",
    "claude-sonnet-4-5@20250929, google-vertex",
    "claude-3-5-sonnet-v2@20241022, google-vertex",
    "claude-opus-4-6@latest, anthropic",
    "<synthetic>, anthropic",
    "US.Anthropic.Claude-sonnet-4, amazon-bedrock",
    "arn:aws-us-gov:bedrock:x, amazon-bedrock",
    "arn:aws:s3:x, anthropic",
    "x.anthropic.claude, anthropic",
    "toolongprefix.anthropic.claude-3, anthropic",
    "Claude-Opus-4@20250514, google-vertex",
    "claude-sonnet-4@2025051, anthropic",
    "gemini@20250514, anthropic",
  })
  void providerFromTheShapeOfTheModelId(String model, String provider) {
    assertEquals(provider, ClaudeParser.provider(model));
  }
}
