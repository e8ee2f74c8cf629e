package dev.threadlint.report;

import dev.threadlint.AnalysisResult;
import java.io.IOException;
import java.io.OutputStream;

/** Writes an analysis result in one format. Stateless. */
public interface Reporter {
  /** The format's name on the command line ({@code text}, {@code sarif}...). */
  String format();

  /** The file name used when several formats are written into one directory. */
  String defaultFileName();

  /** Writes the whole report; does not close the stream. */
  void write(AnalysisResult result, OutputStream out) throws IOException;
}
