package dev.probefleet.cli.board;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.net.URI;

/** {@code GET /}: the web board's page (its assets are static resources under {@code /board/}). */
@Controller
@Requires(property = "probefleet.board.enabled", value = "true")
public final class BoardController {

  @Get
  public HttpResponse<?> home() {
    return HttpResponse.seeOther(URI.create("/board/index.html"));
  }
}
