package io.github.cream.core;

/** Builds lines of {@link FakeSource}'s format. */
final class Lines {
  private Lines() {}

  static String call(String session, String time, long in, long out) {
    return "{\"s\":\"" + session + "\",\"t\":\"" + time + "\",\"in\":" + in + ",\"out\":" + out + "}";
  }

  static String keyed(String session, String time, long out, String key, String variant, int tier) {
    return "{\"s\":\"" + session + "\",\"t\":\"" + time + "\",\"in\":1,\"out\":" + out + ",\"k\":\"" + key
        + "\",\"v\":\"" + variant + "\",\"tier\":" + tier + "}";
  }
}
