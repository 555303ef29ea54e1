//! Prints what extraction and analysis see in one article: blocks, mentions with roles,
//! time expressions, figures and quotes. `cargo run --example inspect -- FILE`.
use newsdesk::analyze::{analyze, doc::Speaker};
use newsdesk::article::ArticleMeta;
use newsdesk::{extract, ingest};

fn main() {
    for path in std::env::args().skip(1) {
        for source in ingest::collect(
            std::slice::from_ref(&path),
            &ingest::IngestOptions::default(),
        ) {
            let source = match source {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("{e}");
                    continue;
                }
            };
            let article = match extract::extract(&source, &ArticleMeta::default()) {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("{e}");
                    continue;
                }
            };
            let doc = analyze(&article);
            let text = &article.text;
            println!("== {} | title: {:?}", article.origin, article.meta.title);
            for removed in &article.removed {
                println!("  removed [{}] {}", removed.rule, removed.text);
            }
            for m in &doc.mentions {
                println!(
                    "  mention {:?} {:?} {:?} role={:?} cues={:#x} poss={}",
                    m.span.slice(text),
                    m.kind,
                    m.normalized,
                    m.role.map(|r| r.slice(text)),
                    m.cues,
                    m.possessive
                );
            }
            for t in &doc.timexes {
                println!(
                    "  timex {:?} {} {:?} order={}",
                    t.span.slice(text),
                    t.value.value,
                    t.value.direction,
                    t.value.order
                );
            }
            for q in &doc.quantities {
                println!(
                    "  figure {:?} {} {:?} noun={:?}",
                    q.span.slice(text),
                    q.value,
                    q.unit,
                    q.noun
                );
            }
            for q in &doc.quotes {
                let speaker = match &q.speaker {
                    Some(Speaker::Mention { mention }) => {
                        doc.mentions[*mention].span.slice(text).to_string()
                    }
                    Some(Speaker::Pronoun { mention, span }) => format!(
                        "{} -> {:?}",
                        span.slice(text),
                        mention.map(|m| doc.mentions[m].span.slice(text))
                    ),
                    Some(Speaker::Description { span }) => format!("desc: {}", span.slice(text)),
                    None => "-".into(),
                };
                println!("  quote [{}] {:?}", speaker, q.span.slice(text));
            }
        }
    }
}
