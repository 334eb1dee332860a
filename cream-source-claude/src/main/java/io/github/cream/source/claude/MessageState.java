package io.github.cream.source.claude;

import io.github.cream.spi.ResumeState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ClaudeMessageParser} carries from one line to the next: the usage parser's whole
 * {@link ParserState} (so the records and facts it emits are those of a usage scan), and the names of the latest
 * tool calls by id, so that a tool result (which logs only the id) can name its tool.
 *
 * <p>Bounded: at most {@value #MAX_TOOLS} tool names (the oldest is forgotten first; a result nearly always follows
 * its call within a few lines), ids and names of at most {@value #MAX_TOOL_CHARS} characters; when the encoding
 * would still exceed {@link ResumeState#MAX_BYTES}, the oldest names are dropped until it fits.
 */
final class MessageState {

  static final int FORMAT = 'M';
  static final int MAX_TOOLS = 64;
  static final int MAX_TOOL_CHARS = 128;

  final ParserState usage;
  private final LinkedHashMap<String, String> tools = new LinkedHashMap<>();

  MessageState(ParserState usage) {
    this.usage = usage;
  }

  /**
   * Remembers a tool call's name.
   *
   * @param id the call id, or null
   * @param name the tool's name, or null
   */
  void toolCalled(String id, String name) {
    if (id == null || name == null || id.isEmpty() || name.isEmpty()
        || id.length() > MAX_TOOL_CHARS || name.length() > MAX_TOOL_CHARS) {
      return;
    }
    tools.remove(id);
    tools.put(id, name);
    if (tools.size() > MAX_TOOLS) {
      Iterator<String> it = tools.keySet().iterator();
      it.next();
      it.remove();
    }
  }

  /**
   * The name of a remembered tool call.
   *
   * @param id the call id, or null
   * @return the name, or null
   */
  String toolName(String id) {
    return id == null ? null : tools.get(id);
  }

  int tools() {
    return tools.size();
  }

  /**
   * The state as bytes, at most {@link ResumeState#MAX_BYTES}.
   *
   * @return the encoding
   */
  byte[] encode() {
    byte[] inner = usage.encode();
    List<Map.Entry<String, String>> entries = new ArrayList<>(tools.entrySet());
    while (true) {
      byte[] out = encode(inner, entries);
      if (out.length <= ResumeState.MAX_BYTES || entries.isEmpty()) {
        return out;
      }
      entries.remove(0);
    }
  }

  private static byte[] encode(byte[] inner, List<Map.Entry<String, String>> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(inner.length + 16 + 64 * entries.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeInt(inner.length);
      out.write(inner);
      out.writeByte(entries.size());
      for (Map.Entry<String, String> e : entries) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a state {@link #encode()} wrote.
   *
   * @param bytes the encoding
   * @return the state
   * @throws IllegalArgumentException if the bytes are not such a state (a usage parser's state included)
   */
  static MessageState decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readUnsignedByte() != FORMAT) {
        throw new IllegalArgumentException("not a claude message parser state");
      }
      int n = in.readInt();
      if (n < 0 || n > bytes.length) {
        throw new IllegalArgumentException("claude message parser state is truncated");
      }
      byte[] inner = new byte[n];
      in.readFully(inner);
      MessageState state = new MessageState(ParserState.decode(inner));
      int tools = in.readUnsignedByte();
      if (tools > MAX_TOOLS) {
        throw new IllegalArgumentException("claude message parser state holds too many tool names");
      }
      for (int i = 0; i < tools; i++) {
        String id = in.readUTF();
        String name = in.readUTF();
        if (id.isEmpty() || name.isEmpty() || id.length() > MAX_TOOL_CHARS || name.length() > MAX_TOOL_CHARS) {
          throw new IllegalArgumentException("claude message parser state holds an invalid tool name");
        }
        state.tools.put(id, name);
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("claude message parser state has trailing bytes");
      }
      return state;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a claude message parser state", e);
    }
  }
}
