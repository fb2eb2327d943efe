package dev.descent.platform.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word on a request nothing else answered: an RFC 9457 problem detail (status and reason only, no stack
 * trace, no server version) rather than Tomcat's HTML page. Public, as Tomcat makes it by its class name.
 */
public class ProblemReportValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status == 400 ? "the request is malformed (its path, query or headers cannot be read)" : title;
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
                writer.flush();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone; there is nobody to tell
        }
    }
}
