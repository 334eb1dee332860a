package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** {@code cream-bom} names every artifact a user may depend on, at the build's version. */
class BomTest {

  /** Built and never depended on: the CLI, the benchmarks, and the BOM itself. */
  private static final Set<String> NOT_IN_BOM = Set.of("cream-examples", "cream-benchmarks", "cream-bom");

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void theBomListsEveryArtifactAtTheParentsVersion() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    String version = child(parent.getDocumentElement(), "version");
    Set<String> artifacts = new TreeSet<>();
    NodeList modules = parent.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      Document module = read(ROOT.resolve(modules.item(i).getTextContent().trim()).resolve("pom.xml"));
      String id = child(module.getDocumentElement(), "artifactId");
      if (!NOT_IN_BOM.contains(id)) {
        artifacts.add(id);
      }
    }
    Document bom = read(ROOT.resolve("examples/bom/pom.xml"));
    assertEquals(version, child(bom.getDocumentElement(), "version"), "the BOM's version is the parent's");
    Set<String> listed = new TreeSet<>();
    NodeList deps = bom.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      assertEquals("${project.version}", child(d, "version"), child(d, "artifactId"));
      listed.add(child(d, "artifactId"));
    }
    assertEquals(artifacts, listed);
  }

  private static Document read(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static String child(Element e, String name) {
    List<String> found = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getTagName().equals(name)) {
        found.add(c.getTextContent().trim());
      }
    }
    assertEquals(1, found.size(), () -> name + " in " + e.getTagName());
    return found.get(0);
  }
}
