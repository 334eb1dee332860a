package io.github.cream.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON Schema checker for the subset cream's schema files use: {@code type} (one or a list),
 * {@code properties}, {@code required}, {@code additionalProperties: false}, {@code items} and {@code const}.
 * Values are read into plain maps and lists with jackson-core.
 */
final class JsonSchemaCheck {

  private static final JsonFactory JSON = new JsonFactory();

  private JsonSchemaCheck() {}

  static Object parse(String json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      Object v = value(p);
      if (p.nextToken() != null) {
        throw new IOException("content after the JSON value");
      }
      return v;
    }
  }

  /** The JSON value at the parser's current token, as maps, lists, strings, longs, decimals, booleans and null. */
  static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          p.nextToken();
          m.put(k, value(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDecimalValue();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return p.getBooleanValue();
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected " + t);
    }
  }

  /** Every violation of {@code schema} by {@code value}, as {@code path: problem}; empty when it conforms. */
  static List<String> check(Object schema, Object value) {
    List<String> out = new ArrayList<>();
    check(asMap(schema), value, "$", out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static String type(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    if (v instanceof Long) {
      return "integer";
    }
    if (v instanceof Number) {
      return "number";
    }
    if (v instanceof String) {
      return "string";
    }
    return v instanceof List ? "array" : "object";
  }

  private static void check(Map<String, Object> s, Object v, String path, List<String> out) {
    if (s.containsKey("const") && !String.valueOf(s.get("const")).equals(String.valueOf(v))) {
      out.add(path + ": is not " + s.get("const"));
    }
    if (s.get("enum") instanceof List<?> values && !values.contains(v)) {
      out.add(path + ": is not one of " + values);
    }
    Object ty = s.get("type");
    if (ty != null) {
      List<?> allowed = ty instanceof List<?> l ? l : List.of(ty);
      String actual = type(v);
      boolean ok = allowed.contains(actual) || (actual.equals("integer") && allowed.contains("number"));
      if (!ok) {
        out.add(path + ": is " + actual + ", not " + allowed);
        return;
      }
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> props = s.containsKey("properties") ? asMap(s.get("properties")) : Map.of();
      Object req = s.get("required");
      if (req instanceof List<?> r) {
        for (Object k : r) {
          if (!m.containsKey(k)) {
            out.add(path + ": lacks required field " + k);
          }
        }
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object sub = props.get(e.getKey());
        if (sub != null) {
          check(asMap(sub), e.getValue(), path + "." + e.getKey(), out);
        } else if (s.get("additionalProperties") instanceof Map<?, ?> rest) {
          check(asMap(rest), e.getValue(), path + "." + e.getKey(), out);
        } else if (Boolean.FALSE.equals(s.get("additionalProperties"))) {
          out.add(path + ": has a field the schema does not list: " + e.getKey());
        }
      }
    } else if (v instanceof List<?> l && s.get("items") instanceof Map<?, ?> items) {
      for (int i = 0; i < l.size(); i++) {
        check(asMap(items), l.get(i), path + "[" + i + "]", out);
      }
    }
  }

  /** Every property name a schema lists, at any depth. */
  static java.util.Set<String> fieldNames(Object schema) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    names(asMap(schema), out);
    return out;
  }

  private static void names(Map<String, Object> s, java.util.Set<String> out) {
    if (s.get("properties") instanceof Map<?, ?> props) {
      for (Map.Entry<?, ?> e : props.entrySet()) {
        out.add((String) e.getKey());
        names(asMap(e.getValue()), out);
      }
    }
    if (s.get("items") instanceof Map<?, ?> items) {
      names(asMap(items), out);
    }
    if (s.get("additionalProperties") instanceof Map<?, ?> rest) {
      names(asMap(rest), out);
    }
  }
}
