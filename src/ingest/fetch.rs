//! Fetching one URL over HTTP(S): timeouts, a redirect limit, a body size limit and a clear
//! User-Agent. Feed polling, conditional GET and politeness belong to the feeds work.

use super::{sniff_format, IngestOptions, InputError, RawSource, SourceFormat};
use std::time::Duration;
use ureq::ResponseExt;

#[derive(Clone, Debug)]
pub struct HttpOptions {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_redirects: u32,
    pub user_agent: String,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_redirects: 5,
            user_agent: format!(
                "newsdesk/{} (story dossiers; offline-first news reader)",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

pub fn fetch_url(url: &str, options: &IngestOptions) -> Result<RawSource, InputError> {
    let http = &options.http;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(http.timeout))
        .timeout_connect(Some(http.connect_timeout))
        .max_redirects(http.max_redirects)
        .user_agent(http.user_agent.as_str())
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| InputError::new(url, describe(&e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(InputError::new(
            url,
            format!(
                "server answered HTTP {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_string(),
        ));
    }
    let final_url = response.get_uri().to_string();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = response
        .body_mut()
        .with_config()
        .limit(options.max_bytes)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => InputError::new(
                url,
                format!(
                    "response body is larger than the {} limit (raise it with --max-bytes)",
                    super::human_bytes(options.max_bytes)
                ),
            ),
            other => InputError::new(url, describe(&other)),
        })?;
    let format = match content_type.as_deref() {
        Some(ct) if ct.contains("html") => SourceFormat::Html,
        Some(ct) if ct.starts_with("text/plain") => SourceFormat::Text,
        _ => sniff_format(&bytes),
    };
    let mut source = RawSource::new(url, bytes, format);
    source.hints.url = Some(final_url);
    source.content_type = content_type;
    source.fetched_at = Some(crate::date::now_utc_iso());
    Ok(source)
}

fn describe(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::TooManyRedirects => "too many redirects".to_string(),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        other => format!("fetch failed: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// Serves one canned HTTP response on 127.0.0.1 and returns its URL.
    fn serve_once(response: &'static [u8]) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let mut buffer = [0u8; 4096];
                let _ = stream.read(&mut buffer);
                let _ = stream.write_all(response);
            }
        });
        format!("http://{address}/story")
    }

    #[test]
    fn fetches_a_page_with_its_content_type() {
        let url = serve_once(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 26\r\nConnection: close\r\n\r\n<html><p>Harbor</p></html>",
        );
        let source = fetch_url(&url, &IngestOptions::default()).unwrap();
        assert_eq!(source.format, SourceFormat::Html);
        assert_eq!(source.bytes, b"<html><p>Harbor</p></html>");
        assert_eq!(source.hints.url.as_deref(), Some(url.as_str()));
        assert!(source.fetched_at.is_some());
    }

    #[test]
    fn http_errors_are_reported_with_status() {
        let url =
            serve_once(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        let error = fetch_url(&url, &IngestOptions::default()).unwrap_err();
        assert_eq!(error.problem, "server answered HTTP 404 Not Found");
    }

    #[test]
    fn oversized_bodies_are_refused() {
        let url = serve_once(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 40\r\nConnection: close\r\n\r\n0123456789012345678901234567890123456789",
        );
        let options = IngestOptions {
            max_bytes: 10,
            ..IngestOptions::default()
        };
        let error = fetch_url(&url, &options).unwrap_err();
        assert!(
            error.problem.contains("larger than the 10 bytes limit"),
            "{}",
            error.problem
        );
    }
}
