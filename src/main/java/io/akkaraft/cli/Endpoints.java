package io.akkaraft.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --endpoints} option of the client commands: the nodes' HTTP addresses, tried in order. Its
 * default comes from {@code akka-raft-node.endpoints} (environment variable {@code RAFT_ENDPOINTS}) through
 * {@link ConfigDefaults}, which every command mixing this in must name as its default value provider.
 */
public final class Endpoints {
  @Option(names = "--endpoints", paramLabel = "URL", split = ",", converter = Endpoints.Converter.class,
      description = "HTTP addresses of the nodes, comma-separated, tried in order (env RAFT_ENDPOINTS). "
          + "Default: ${DEFAULT-VALUE}.")
  List<URI> endpoints;

  List<URI> list() {
    return List.copyOf(endpoints);
  }

  /** Accepts {@code http(s)://host:port} with nothing after it but an optional slash. */
  static final class Converter implements ITypeConverter<URI> {
    @Override
    public URI convert(String text) {
      String trimmed = text.trim().replaceFirst("/$", "");
      try {
        URI uri = new URI(trimmed);
        boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        if (http && uri.getHost() != null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
            && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // reported below, in the same words as any other malformed endpoint
      }
      throw new TypeConversionException("'" + text + "' is not an endpoint such as http://127.0.0.1:18081");
    }
  }
}
