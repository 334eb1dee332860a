package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProviderTest {

  @Test
  void theShapeOfTheModelIdSaysWhoServedIt() {
    assertEquals("anthropic", ClaudeParser.provider(null));
    assertEquals("anthropic", ClaudeParser.provider("claude-sonnet-4-5-20250929"));
    assertEquals("anthropic", ClaudeParser.provider("<synthetic>"));
    assertEquals("anthropic", ClaudeParser.provider("claude-opus-4-1@2025"));
    assertEquals("anthropic", ClaudeParser.provider("x.anthropic.claude"));
    assertEquals("anthropic", ClaudeParser.provider("toolongprefix.anthropic.claude-3"));
    assertEquals("amazon-bedrock", ClaudeParser.provider("anthropic.claude-3-5-sonnet-20241022-v2:0"));
    assertEquals("amazon-bedrock", ClaudeParser.provider("us.anthropic.claude-sonnet-4-20250514-v1:0"));
    assertEquals("amazon-bedrock", ClaudeParser.provider("US.Anthropic.Claude-sonnet-4"));
    assertEquals("amazon-bedrock", ClaudeParser.provider("arn:aws:bedrock:us-east-1:1:inference-profile/x"));
    assertEquals("amazon-bedrock", ClaudeParser.provider("arn:aws-us-gov:bedrock:x"));
    assertEquals("anthropic", ClaudeParser.provider("arn:aws:s3:x"));
    assertEquals("google-vertex", ClaudeParser.provider("claude-sonnet-4@20250514"));
    assertEquals("google-vertex", ClaudeParser.provider("Claude-Opus-4@20250514"));
    assertEquals("anthropic", ClaudeParser.provider("claude-sonnet-4@2025051"));
    assertEquals("anthropic", ClaudeParser.provider("gemini@20250514"));
  }
}
