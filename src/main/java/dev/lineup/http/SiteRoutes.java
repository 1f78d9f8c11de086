package dev.lineup.http;

import dev.lineup.api.Problems;
import dev.lineup.auth.Authenticator;
import dev.lineup.auth.Principal;
import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.formats.site.SiteArchive;
import dev.lineup.formats.site.SitePages;
import dev.lineup.history.History;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import dev.lineup.workshops.CommandGateway;
import dev.lineup.workshops.Workshops;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole Jekyll site in and out: {@code POST /api/sites} imports every schedule page of an
 * archive (creating or re-importing its workshop, page by page, with a report), and
 * {@code GET /api/meetings/{category}/site.zip} gives the meeting's pages back under their Jekyll
 * paths. Archives are read on a worker, within the configured limits.
 */
final class SiteRoutes {

  private static final String CATEGORY = "(?<category>" + Workshop.CATEGORY_PATTERN + ")";
  /** Pages imported at the same time. */
  private static final int PAGES_AT_ONCE = 8;

  private final Vertx vertx;
  private final Workshops workshops;
  private final CommandGateway gateway;
  private final Authenticator authenticator;
  private final History history;
  private final SiteArchive.Limits limits;
  private final SitePages site = new SitePages();

  SiteRoutes(Vertx vertx, Workshops workshops, CommandGateway gateway, Authenticator authenticator,
             History history, SiteArchive.Limits limits) {
    this.vertx = vertx;
    this.workshops = workshops;
    this.gateway = gateway;
    this.authenticator = authenticator;
    this.history = history;
    this.limits = limits;
  }

  void mount(Router router) {
    router.post("/api/sites").handler(this::importSite);
    router.getWithRegex("/api/meetings/" + CATEGORY + "/site\\.zip").handler(this::exportSite);
  }

  /** One line of the report: what became of one page. */
  record PageReport(String path, String workshop, String outcome, String reason, Long version,
                    Integer changes, List<Object> warnings, List<Object> conflicts) {
  }

  private void importSite(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String chosen = ctx.request().getParam("category");
    if (chosen != null && !chosen.matches(Workshop.CATEGORY_PATTERN)) {
      ctx.fail(Rejection.invalid("category", "a category is 1–64 letters, digits, - or _"));
      return;
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      ctx.fail(Rejection.invalid("", "the body is empty: send the site as a .zip or .tar.gz"));
      return;
    }
    authenticator.authenticate(authorization)
        .compose(p -> p.mayEdit(Principal.ALL_WORKSHOPS) ? Future.succeededFuture(p)
            : Future.failedFuture(new Rejection(Failure.FORBIDDEN, p.subject()
                + " may not import a site: that needs an admin, or an organizer of every workshop (\"*\")")))
        .compose(p -> vertx.executeBlocking(() ->
            site.site(SiteArchive.read(body.getBytes(), limits, SitePages::wanted)), false))
        .compose(found -> workshops.list(null).compose(existing -> importPages(authorization, found, existing, chosen)))
        .onSuccess(report -> Responses.sendJson(ctx, 200, report))
        .onFailure(ctx::fail);
  }

  private Future<Map<String, Object>> importPages(String authorization, SitePages.Site found,
                                                  List<Workshop> existing, String chosen) {
    Map<String, String> meetings = SitePages.meetings(found, existing, chosen);
    Map<String, Workshop> byPath = new HashMap<>();
    Map<String, Workshop> byId = new HashMap<>();
    for (Workshop w : existing) {
      JekyllPages.path(w).ifPresent(path -> byPath.put(path, w));
      byId.put(w.id(), w);
    }
    // A few pages at a time (each its own workshop, so its own queue): their commits share the
    // store's group commit; the report keeps page order.
    PageReport[] reports = new PageReport[found.pages().size()];
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < reports.length; from += PAGES_AT_ONCE) {
      int start = from;
      chain = chain.compose(v -> {
        List<Future<PageReport>> batch = new ArrayList<>();
        for (int i = start; i < Math.min(reports.length, start + PAGES_AT_ONCE); i++) {
          SitePages.Page page = found.pages().get(i);
          int at = i;
          batch.add(importPage(authorization, page, byPath.get(page.path()) != null
              ? byPath.get(page.path()) : byId.get(page.id()), meetings.get(page.path()))
              .onSuccess(r -> reports[at] = r));
        }
        return Future.all(batch).mapEmpty();
      });
    }
    return chain.map(v -> {
      Map<String, Object> out = new LinkedHashMap<>();
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (String o : List.of("created", "updated", "unchanged", "refused")) counts.put(o, 0);
      List<PageReport> pages = List.of(reports);
      pages.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
      out.put("counts", counts);
      out.put("meetings", new java.util.TreeSet<>(pages.stream().map(r -> meetingOf(r, found, meetings)).filter(Objects::nonNull).toList()));
      out.put("pages", pages);
      return out;
    });
  }

  private static String meetingOf(PageReport r, SitePages.Site found, Map<String, String> meetings) {
    if (meetings.containsKey(r.path())) return meetings.get(r.path());
    return found.pages().stream().filter(p -> p.path().equals(r.path()) && p.read() != null
        && !p.read().categories().isEmpty()).map(p -> p.read().categories().get(0)).findFirst().orElse(null);
  }

  private Future<PageReport> importPage(String authorization, SitePages.Page page, Workshop current, String meeting) {
    if (page.refused() != null) {
      return Future.succeededFuture(new PageReport(page.path(), page.id(), "refused", page.refused(), null, null, null, null));
    }
    String id = current != null ? current.id() : page.id();
    if (current != null && JekyllPages.source(current).map(page.text()::equals).orElse(false)
        && Objects.equals(JekyllPages.importDate(current).orElse(null), page.fileDate())) {
      return Future.succeededFuture(new PageReport(page.path(), id, "unchanged", null, current.version(), 0, null, null));
    }
    Command command = new Command.ImportWorkshop(null, null, page.text(), page.fileDate(), meeting, page.path());
    return gateway.submit(authorization, id, wid -> command)
        .map(result -> {
          EventData.WorkshopImported e = (EventData.WorkshopImported) result.events().get(0).data();
          List<Object> warnings = new ArrayList<>(e.warnings());
          List<Object> conflicts = e.reimport() == null ? null : new ArrayList<>(e.reimport().conflicts());
          Integer changes = e.reimport() == null ? null : e.reimport().changes().size();
          return new PageReport(page.path(), id, current == null ? "created" : "updated", null,
              result.version(), changes, warnings.isEmpty() ? null : warnings,
              conflicts == null || conflicts.isEmpty() ? null : conflicts);
        })
        .recover(t -> {
          Rejection r = Problems.rejectionOf(t);
          // Not being allowed or the store being away is not this page's fault: say so for all.
          if (r.failure() == Failure.UNAUTHENTICATED || r.failure() == Failure.UNAVAILABLE) return Future.failedFuture(t);
          String reason = r.errors().isEmpty() ? r.detail()
              : String.join("; ", r.errors().stream().map(err -> err.path() + ": " + err.message()).toList());
          return Future.succeededFuture(new PageReport(page.path(), id, "refused", reason, null, null, null, null));
        });
  }

  private void exportSite(RoutingContext ctx) {
    String category = ctx.pathParam("category");
    String release = ctx.request().getParam("release");
    if (release != null && !AsOf.RELEASE_NAME.matcher(release).matches()) {
      ctx.fail(Rejection.invalid("release", "a release name is 1–64 letters, digits, . _ or -"));
      return;
    }
    workshops.list(category)
        .compose(list -> list.isEmpty()
            ? Future.failedFuture(Rejection.notFound("no workshops in meeting " + category))
            : release == null ? Future.succeededFuture(list) : released(list, release))
        .compose(list -> vertx.executeBlocking(() -> site.zip(list), false))
        .onSuccess(zip -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/zip")
            .putHeader("Content-Disposition", "attachment; filename=\"" + category
                + (release == null ? "" : "-" + release) + "-site.zip\"")
            .end(Buffer.buffer(zip)))
        .onFailure(ctx::fail);
  }

  /** The workshops as they were at the release of that name; those without one are left out. */
  private Future<List<Workshop>> released(List<Workshop> list, String release) {
    List<Future<Optional<Workshop>>> each = new ArrayList<>();
    for (Workshop w : list) {
      each.add(history.releaseVersion(w.id(), release).compose(v -> history.at(w.id(), v))
          .map(Optional::of)
          .recover(t -> t instanceof Rejection r && r.failure() == Failure.NOT_FOUND
              ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(t)));
    }
    return Future.all(each).compose(all -> {
      List<Workshop> out = each.stream().map(Future::result).flatMap(Optional::stream).toList();
      return out.isEmpty() ? Future.failedFuture(Rejection.notFound("no workshop of this meeting has a release "
          + release)) : Future.succeededFuture(out);
    });
  }
}
