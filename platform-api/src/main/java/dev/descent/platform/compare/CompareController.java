package dev.descent.platform.compare;

import dev.descent.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping("/api/compare")
class CompareController {
    private final CompareService service;

    CompareController(CompareService service) {
        this.service = service;
    }

    @Operation(description = """
            Runs side by side: each run's series of `keys` on a shared x axis (`step`; `epoch`, fractional, from the \\
            run's epoch metric; or `time`, seconds since the run started), downsampled to at most about `maxPoints` \\
            buckets of min, max and last (every run cut at the same step boundaries), its flattened parameters with \\
            `differing` naming those not equal in every run, and its last/best/final values. At most 100 runs, 20 \\
            keys, maxPoints 2 to 10000. `format=csv` answers rows of run,key,x,min,max,last.""")
    @GetMapping
    Comparison compare(
            @RequestParam(required = false) String runs,
            @RequestParam(required = false) String keys,
            @RequestParam(defaultValue = "step") String x,
            @RequestParam(defaultValue = "1000") int maxPoints,
            @RequestParam(defaultValue = "json") String format) {
        if (!format.strip().equalsIgnoreCase("json"))
            throw ApiProblem.badRequest("format", "must be json or csv, got '" + format + "'");
        return service.compare(runs, keys, x, maxPoints);
    }

    /** The same comparison as CSV rows of run,key,x,min,max,last (x empty where unknown). */
    @GetMapping(params = "format=csv")
    ResponseEntity<StreamingResponseBody> csv(
            @RequestParam(required = false) String runs,
            @RequestParam(required = false) String keys,
            @RequestParam(defaultValue = "step") String x,
            @RequestParam(defaultValue = "1000") int maxPoints,
            @RequestParam String format) {
        Comparison c = service.compare(runs, keys, x, maxPoints);
        StreamingResponseBody body = out -> writeCsv(c, out);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"compare.csv\"")
                .body(body);
    }

    private static void writeCsv(Comparison c, java.io.OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write("run,key,x,min,max,last\n");
        for (Comparison.RunColumn r : c.runs()) {
            for (var e : r.series().entrySet()) {
                String key = csvField(e.getKey());
                Comparison.Series s = e.getValue();
                List<Double> xs = s.x();
                for (int i = 0; i < xs.size(); i++) {
                    w.write(r.id() + "," + key + "," + (xs.get(i) == null ? "" : number(xs.get(i))) + ","
                            + number(s.min().get(i)) + "," + number(s.max().get(i)) + ","
                            + number(s.last().get(i))
                            + "\n");
                }
            }
        }
        w.flush();
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Quoted when needed; a key a spreadsheet would take for a formula is prefixed with ' (OWASP's rule). */
    static String csvField(String s) {
        String v = s.isEmpty() || "=+-@\t\r".indexOf(s.charAt(0)) < 0 ? s : "'" + s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\""
                : v;
    }
}
