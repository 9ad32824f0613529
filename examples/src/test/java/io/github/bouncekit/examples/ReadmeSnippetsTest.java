package io.github.bouncekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of the top-level README compiles against the current API, so the README
 * cannot drift from the code. (The quick start's results are checked word for word in core's
 * {@code BounceClassifierTest}; this test keeps the other snippets honest.)
 */
class ReadmeSnippetsTest {
  private static final String IMPORTS =
      String.join(
          "\n",
          "import io.github.bouncekit.*;",
          "import io.github.bouncekit.bounce.*;",
          "import io.github.bouncekit.reply.*;",
          "import io.github.bouncekit.provider.*;",
          "import io.github.bouncekit.dns.*;",
          "import io.github.bouncekit.dns.dnsjava.*;",
          "import io.github.bouncekit.dns.spf.*;",
          "import io.github.bouncekit.dns.dkim.*;",
          "import io.github.bouncekit.dns.dmarc.*;",
          "import io.github.bouncekit.dns.dnsbl.*;",
          "import io.github.bouncekit.dns.investigate.*;",
          "import java.net.InetAddress;",
          "import java.nio.file.*;",
          "import java.time.Duration;",
          "import java.util.*;");

  static List<String> javaSnippets(String markdown) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while ((i = markdown.indexOf("```java\n", i)) >= 0) {
      int start = i + "```java\n".length();
      int end = markdown.indexOf("```", start);
      if (end < 0) {
        break;
      }
      out.add(markdown.substring(start, end));
      i = end + 3;
    }
    return out;
  }

  @Test
  void everyJavaSnippetOfTheReadmeCompiles(@TempDir Path classes) throws IOException {
    Path readme = Path.of("..", "README.md");
    List<String> snippets = javaSnippets(Files.readString(readme, StandardCharsets.UTF_8));
    assertThat(snippets).as("java snippets in %s", readme.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(6);

    StringBuilder body = new StringBuilder();
    for (String snippet : snippets) {
      body.append("    {\n");
      for (String line : snippet.split("\n", -1)) {
        if (!line.startsWith("import ")) { // the snippet's own imports are in IMPORTS
          body.append("      ").append(line).append('\n');
        }
      }
      body.append("    }\n");
    }
    String source =
        IMPORTS
            + "\nclass ReadmeSnippets {\n  static void run() throws Exception {\n"
            + body
            + "  }\n}\n";

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("a JDK compiler").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter out = new StringWriter();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaFileObject file =
          new SimpleJavaFileObject(URI.create("string:///ReadmeSnippets.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
              return source;
            }
          };
      List<String> options =
          List.of(
              "-classpath", System.getProperty("java.class.path"),
              "-d", classes.toString(),
              "-proc:none");
      boolean ok = compiler.getTask(out, files, diagnostics, options, null, List.of(file)).call();
      assertThat(ok)
          .as("README snippets compile:%n%s%n%s", diagnostics.getDiagnostics(), source)
          .isTrue();
    }
  }
}
