package io.github.cream.source.pi.openrouter;

/**
 * Answers shaped like OpenRouter's {@code GET /api/v1/generation?id=}: {@code {"data": {...}}} with the fields of
 * its API reference (the SDKs' {@code GenerationResponseData}), snake_case as on the wire, the ones cream reads and
 * a realistic set of others it must skip.
 */
final class Generations {

  private Generations() {}

  static String json(String id, String totalCost, String cacheDiscount, String upstreamCost, String provider,
      long prompt, long completion, long cached, long reasoning, boolean byok) {
    return "{\"data\":{"
        + "\"id\":\"" + id + "\","
        + "\"upstream_id\":\"chatcmpl-0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\","
        + "\"total_cost\":" + totalCost + ","
        + "\"cache_discount\":" + cacheDiscount + ","
        + "\"upstream_inference_cost\":" + upstreamCost + ","
        + "\"created_at\":\"2026-03-10T09:00:14.433273+00:00\","
        + "\"model\":\"anthropic/claude-sonnet-4.5\","
        + "\"app_id\":null,"
        + "\"streamed\":true,"
        + "\"cancelled\":false,"
        + "\"provider_name\":" + (provider == null ? "null" : "\"" + provider + "\"") + ","
        + "\"latency\":1250,"
        + "\"moderation_latency\":null,"
        + "\"generation_time\":1200,"
        + "\"finish_reason\":\"stop\","
        + "\"native_finish_reason\":\"end_turn\","
        + "\"tokens_prompt\":" + prompt + ","
        + "\"tokens_completion\":" + completion + ","
        + "\"native_tokens_prompt\":" + prompt + ","
        + "\"native_tokens_completion\":" + completion + ","
        + "\"native_tokens_completion_images\":0,"
        + "\"native_tokens_reasoning\":" + reasoning + ","
        + "\"native_tokens_cached\":" + cached + ","
        + "\"num_media_prompt\":null,"
        + "\"num_input_audio_prompt\":null,"
        + "\"num_media_completion\":0,"
        + "\"num_search_results\":0,"
        + "\"origin\":\"\","
        + "\"usage\":" + totalCost + ","
        + "\"is_byok\":" + byok + ","
        + "\"router\":null,"
        + "\"provider_responses\":[{\"status\":200,\"latency\":1100,\"provider_name\":\"" + provider + "\"}],"
        + "\"api_type\":\"completions\","
        + "\"service_tier\":null,"
        + "\"data_region\":\"global\""
        + "}}";
  }

  static String json(String id, String totalCost, String provider, long prompt, long completion, long cached) {
    return json(id, totalCost, "0", "null", provider, prompt, completion, cached, 0, false);
  }
}
