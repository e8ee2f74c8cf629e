package dev.threadlint.report;

import dev.threadlint.AnalysisResult;
import dev.threadlint.Version;
import dev.threadlint.findings.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Checkstyle's XML result format, which Jenkins warnings-ng, reviewdog and many CI tools read: one
 * {@code <file>} per source file with an {@code <error>} per finding. Written with the JDK's XML
 * stream writer, which escapes every attribute.
 */
public final class CheckstyleReporter implements Reporter {
  @Override
  public String format() {
    return "checkstyle";
  }

  @Override
  public String defaultFileName() {
    return "threadlint-checkstyle.xml";
  }

  @Override
  public void write(AnalysisResult result, OutputStream out) throws IOException {
    Map<String, List<Finding>> byFile = new LinkedHashMap<>();
    for (Finding finding : result.findings()) {
      byFile.computeIfAbsent(finding.location().path(), p -> new ArrayList<>()).add(finding);
    }
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("checkstyle");
      xml.writeAttribute("version", "4.3");
      xml.writeAttribute("generator", "threadlint " + Version.get());
      for (Map.Entry<String, List<Finding>> file : byFile.entrySet()) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("file");
        xml.writeAttribute(
            "name",
            result.baseDir().resolve(file.getKey()).toAbsolutePath().normalize().toString());
        for (Finding finding : file.getValue()) {
          xml.writeCharacters("\n    ");
          xml.writeEmptyElement("error");
          xml.writeAttribute("line", String.valueOf(finding.location().startLine()));
          xml.writeAttribute("column", String.valueOf(finding.location().startColumn()));
          xml.writeAttribute("severity", finding.severity().label());
          xml.writeAttribute("message", finding.message());
          xml.writeAttribute("source", "threadlint." + finding.ruleId());
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write checkstyle XML: " + e.getMessage(), e);
    }
  }
}
