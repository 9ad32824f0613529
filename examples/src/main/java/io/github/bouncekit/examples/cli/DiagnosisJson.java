package io.github.bouncekit.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.Evidence;
import io.github.bouncekit.Facts;
import io.github.bouncekit.remedy.Remedy;
import java.util.List;

/** The JSON form of a diagnosis: field names of the design, enum values in lower case. */
final class DiagnosisJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private DiagnosisJson() {}

  static ObjectNode toJson(Diagnosis d) {
    ObjectNode o = MAPPER.createObjectNode();
    if (d.replyCode().isPresent()) {
      o.put("replyCode", d.replyCode().getAsInt());
    } else {
      o.putNull("replyCode");
    }
    o.put("enhancedCode", d.status().map(Object::toString).orElse(null));
    o.put("provider", d.provider().map(p -> p.id()).orElse(null));
    o.put("cause", d.cause().id());
    o.put("action", d.action().id());
    o.put("permanence", d.permanence().id());
    o.put("confidence", d.confidence().name().toLowerCase(java.util.Locale.ROOT));
    o.put("ruleId", d.ruleId().orElse(null));
    ArrayNode remedies = o.putArray("remedies");
    for (Remedy r : d.remedies()) {
      remedies.add(r.id());
    }
    ObjectNode facts = o.putObject("facts");
    Facts f = d.facts();
    strings(facts, "ipAddresses", f.ipAddresses());
    strings(facts, "hostNames", f.hostNames());
    strings(facts, "blocklists", f.blocklists());
    strings(facts, "providerCodes", f.providerCodes());
    strings(facts, "urls", f.urls());
    o.put("text", d.reply().text());
    d.reply().remoteHost().ifPresent(h -> o.put("remoteHost", h));
    d.reply().stage().ifPresent(st -> o.put("stage", st.name().toLowerCase(java.util.Locale.ROOT)));
    d.evidence()
        .ifPresent(
            e -> {
              ObjectNode ev = o.putObject("evidence");
              ev.put("table", e.table());
              ev.put("basis", e.basis().name().toLowerCase(java.util.Locale.ROOT));
              ArrayNode m = ev.putArray("matches");
              for (Evidence.Match match : e.matches()) {
                ObjectNode mo = m.addObject();
                mo.put("phrase", match.phrase());
                mo.put("start", match.start());
                mo.put("end", match.end());
              }
              e.source().ifPresent(s -> ev.put("source", s));
            });
    strings(o, "notes", d.notes());
    return o;
  }

  private static void strings(ObjectNode o, String name, List<String> values) {
    ArrayNode a = o.putArray(name);
    values.forEach(a::add);
  }
}
