//! The speaker ranker: a small learned model that names the speaker of a quote the
//! attribution rules in [`super::quotes`] left without one.
//!
//! Takes: a [`Doc`] whose quotes the rules have attributed where they could. Gives: a
//! speaker for some of the others, each marked `inferred`.
//!
//! The rules are precise but miss quotes whose attribution is far away or implicit ("The
//! judge leaned forward. “Mr. Halvorsen?”", a fragment three sentences after its
//! speaker was named). For each such quote the ranker lists candidate speakers nearby
//! (names and he/she outside quotation marks in the sentences around it, and the speakers
//! of earlier quotes) plus a "no speaker" option, scores each with a linear model over
//! sparse features, and takes the best candidate when the softmax probability clears a
//! threshold. The weights are trained by `newsdesk train speakers` on PolNeAR's train
//! split; the threshold is chosen on its dev split to maximise direct-quote F1. The model
//! is a small text file (`models/quote-speakers.tsv`) compiled into the binary.

use super::doc::{Doc, EntityKind, Quote, SentenceKind, Speaker, TokenKind};
use super::lexicon::{is_person_pronoun, ROLE_HEADS, SPEECH_VERBS};
use super::quotes::DESCRIPTIVE_WORDS;
use crate::article::Span;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Sentences before the quote's first sentence whose names are candidates.
const SENTENCES_BEFORE: usize = 3;
/// Earlier quotes whose speakers are candidates, counted back from the quote.
const EARLIER_QUOTES: usize = 3;

/// A possible speaker of one quote, with the features the model scores.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub speaker: Speaker,
    /// The words that name the speaker here (a name, a pronoun, an earlier speaker).
    pub span: Span,
    /// What the quote reports if this is its speaker: the quote itself, or for a quote
    /// inside a longer sentence the clause around it (from after the speaker's name when
    /// it comes first in the sentence).
    pub content: Span,
    pub features: Vec<String>,
}

/// One quote the rules left without a speaker: its candidates and the features of
/// leaving it without one.
#[derive(Clone, Debug)]
pub struct Choice {
    pub quote: usize,
    pub candidates: Vec<Candidate>,
    pub none_features: Vec<String>,
}

/// Weights of the linear model and the probability a candidate must reach.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpeakerModel {
    pub weights: HashMap<String, f64>,
    pub threshold: f64,
}

const MODEL_TEXT: &str = include_str!("../../models/quote-speakers.tsv");

static MODEL: LazyLock<SpeakerModel> = LazyLock::new(|| {
    SpeakerModel::parse(MODEL_TEXT).expect("models/quote-speakers.tsv is well-formed")
});

/// The model compiled into the binary.
pub fn default_model() -> &'static SpeakerModel {
    &MODEL
}

impl SpeakerModel {
    /// Reads `threshold<TAB>p` then `feature<TAB>weight` lines; `#` starts a comment.
    pub fn parse(text: &str) -> Result<SpeakerModel, String> {
        let mut model = SpeakerModel::default();
        for (number, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, value) = line
                .rsplit_once('\t')
                .ok_or_else(|| format!("line {}: expected NAME<TAB>NUMBER", number + 1))?;
            let value: f64 = value
                .parse()
                .map_err(|e| format!("line {}: {value:?}: {e}", number + 1))?;
            if name == "threshold" {
                model.threshold = value;
            } else {
                model.weights.insert(name.to_string(), value);
            }
        }
        Ok(model)
    }

    /// The file `parse` reads: features sorted by name, so training writes the same file
    /// for the same data.
    pub fn to_text(&self) -> String {
        let mut names: Vec<&String> = self.weights.keys().collect();
        names.sort();
        let mut out = String::from(
            "# Quote speaker ranker: written by `newsdesk train speakers` (PolNeAR train; threshold on five train folds).\n",
        );
        out.push_str(&format!("threshold\t{:.3}\n", self.threshold));
        for name in names {
            out.push_str(&format!("{name}\t{:.4}\n", self.weights[name]));
        }
        out
    }

    fn score(&self, features: &[String]) -> f64 {
        features
            .iter()
            .filter_map(|f| self.weights.get(f.as_str()))
            .sum()
    }

    /// Softmax probabilities of "no speaker" (first) and each candidate.
    pub fn probabilities(&self, choice: &Choice) -> Vec<f64> {
        let scores: Vec<f64> = std::iter::once(self.score(&choice.none_features))
            .chain(choice.candidates.iter().map(|c| self.score(&c.features)))
            .collect();
        softmax(&scores)
    }

    /// The most probable candidate (the first of equals) with its probability, if it is
    /// more probable than "no speaker".
    pub fn best(&self, choice: &Choice) -> Option<(usize, f64)> {
        let probabilities = self.probabilities(choice);
        let mut best: Option<(usize, f64)> = None;
        for (candidate, &p) in probabilities[1..].iter().enumerate() {
            if p > best.map_or(probabilities[0], |(_, bp)| bp) {
                best = Some((candidate, p));
            }
        }
        best
    }

    /// The candidate to take, if any reaches the threshold and beats "no speaker".
    pub fn pick(&self, choice: &Choice) -> Option<usize> {
        self.best(choice)
            .filter(|&(_, p)| p >= self.threshold)
            .map(|(candidate, _)| candidate)
    }
}

fn softmax(scores: &[f64]) -> Vec<f64> {
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
    let total: f64 = exps.iter().sum();
    exps.into_iter().map(|e| e / total).collect()
}

/// Gives a speaker to the quotes the rules left without one, where the model is sure
/// enough.
pub fn infer(text: &str, doc: &mut Doc, model: &SpeakerModel) {
    let choices = choices(text, doc);
    for choice in choices {
        if let Some(best) = model.pick(&choice) {
            let candidate = &choice.candidates[best];
            // The evidence reaches the sentence that names the speaker.
            let named_in = doc
                .sentence_at(candidate.span.start)
                .map(|s| doc.sentences[s].span);
            let quote = &mut doc.quotes[choice.quote];
            quote.speaker = Some(candidate.speaker.clone());
            quote.content = candidate.content;
            quote.inferred = true;
            if let Some(named_in) = named_in {
                quote.evidence = Span::new(
                    quote.evidence.start.min(named_in.start),
                    quote.evidence.end.max(named_in.end),
                );
            }
        }
    }
    continue_inferred_quotes(text, doc);
}

/// A quote standing alone right after a quote whose speaker was inferred continues it,
/// as the rules continue an attributed quote: “…,” the headline-style paragraph says,
/// then “…” goes on in the next sentence.
fn continue_inferred_quotes(text: &str, doc: &mut Doc) {
    for index in 1..doc.quotes.len() {
        let (earlier, quote) = (&doc.quotes[index - 1], &doc.quotes[index]);
        let Some(speaker) = earlier.speaker.clone().filter(|_| earlier.inferred) else {
            continue;
        };
        let follows = quote.speaker.is_none()
            && doc.sentences[earlier.sentence].block == doc.sentences[quote.sentence].block
            && doc.closing_sentence(earlier) + 1 >= quote.sentence
            && stands_alone(text, doc, quote);
        if follows {
            let cue = earlier.cue;
            let quote = &mut doc.quotes[index];
            quote.speaker = Some(speaker);
            quote.cue = cue;
            quote.continued = true;
            quote.inferred = true;
        }
    }
}

/// Whether nothing but punctuation surrounds a quote in the sentences it spans.
fn stands_alone(text: &str, doc: &Doc, quote: &Quote) -> bool {
    let first = doc.sentences[quote.sentence].span;
    let last = doc.sentences[doc.closing_sentence(quote)].span;
    let bare = |s: &str| s.chars().all(|c| c.is_whitespace() || !c.is_alphanumeric());
    bare(&text[first.start..quote.content.start.max(first.start)])
        && bare(&text[quote.content.end.min(last.end)..last.end])
}

/// The quotes the rules left without a speaker (whether or not the ranker has since
/// given them one), each with its candidates.
pub fn choices(text: &str, doc: &Doc) -> Vec<Choice> {
    if !doc.quotes.iter().any(|q| q.speaker.is_none() || q.inferred) {
        return Vec::new();
    }
    let context = DocContext::new(text, doc);
    (0..doc.quotes.len())
        .filter(|&q| doc.quotes[q].speaker.is_none() || doc.quotes[q].inferred)
        .filter_map(|q| choice(text, doc, &context, q))
        .collect()
}

/// What is known of the whole document: how often each name occurs, which tokens lie
/// inside quotation marks.
struct DocContext {
    name_counts: HashMap<String, usize>,
    quoted: Vec<bool>,
}

impl DocContext {
    fn new(text: &str, doc: &Doc) -> DocContext {
        let mut name_counts: HashMap<String, usize> = HashMap::new();
        for mention in &doc.mentions {
            *name_counts
                .entry(last_word(mention.name(text)))
                .or_default() += 1;
        }
        let mut quoted = vec![false; doc.tokens.len()];
        for quote in &doc.quotes {
            let start = doc
                .tokens
                .partition_point(|t| t.span.end <= quote.span.start);
            let end = doc
                .tokens
                .partition_point(|t| t.span.start < quote.span.end);
            for flag in &mut quoted[start..end.max(start)] {
                *flag = true;
            }
        }
        DocContext {
            name_counts,
            quoted,
        }
    }
}

/// The last word of a name: "Hillary Clinton" and "Clinton" are one person.
fn last_word(name: &str) -> String {
    name.split_whitespace()
        .last()
        .unwrap_or(name)
        .trim_end_matches(['’', '\''])
        .to_lowercase()
}

fn word<'t>(text: &'t str, doc: &Doc, index: usize) -> &'t str {
    doc.tokens[index].span.slice(text)
}

fn bucket(n: usize, edges: &[usize]) -> usize {
    edges.iter().take_while(|&&e| n >= e).count()
}

fn choice(text: &str, doc: &Doc, context: &DocContext, index: usize) -> Option<Choice> {
    let quote = &doc.quotes[index];
    let open_sentence = quote.sentence;
    let close_sentence = doc
        .sentence_at(quote.span.end.saturating_sub(1))
        .unwrap_or(open_sentence)
        .max(open_sentence);
    let block = doc.sentences[open_sentence].block;
    let first_token = doc.token_at(quote.span.start)?;
    let last_token = doc
        .token_at(quote.span.end.saturating_sub(1))
        .unwrap_or(first_token);
    let quote_text = quote.span.slice(text);
    let words = quote_text.split_whitespace().count();
    let fragment = quote_text.chars().next().is_some_and(char::is_lowercase);
    let capitalised_words = quote_text
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let title_like = words <= 6 && capitalised_words * 2 > words;
    let ends_sentence = quote_text
        .trim_end_matches(['”', '"', '’', '\''])
        .ends_with(['.', '!', '?', ',']);
    let sentence_span = doc.sentences[open_sentence].span;
    let alone = text[sentence_span.start..quote.span.start]
        .trim_matches(|c: char| c.is_whitespace() || "“\"«".contains(c))
        .is_empty();
    let block_span = doc
        .sentences_of_block(block)
        .fold(None, |span: Option<Span>, s| {
            let s = doc.sentences[s].span;
            Some(span.map_or(s, |b| Span::new(b.start, s.end)))
        })
        .unwrap_or(sentence_span);
    let whole_block = alone
        && text[quote.span.end..block_span.end]
            .trim_matches(|c: char| {
                c.is_whitespace() || c.is_ascii_punctuation() || "”»".contains(c)
            })
            .is_empty();
    let length = ["len:1", "len:2-3", "len:4-9", "len:10+"][bucket(words, &[2, 4, 10])];
    let mut quote_features = vec![length.to_string()];
    if fragment {
        quote_features.push("fragment".into());
    }
    if title_like {
        quote_features.push("title_like".into());
    }
    if ends_sentence {
        quote_features.push("ends_punct".into());
    }
    if alone {
        quote_features.push("opens_sentence".into());
    }
    if whole_block {
        quote_features.push("whole_paragraph".into());
    }
    if close_sentence > open_sentence {
        quote_features.push("spans_sentences".into());
    }
    // The word before the opening mark: "as “…”", "called “…”", "the “…”" mark a name or
    // scare quotes more often than speech.
    let open_mark = first_token
        .checked_sub(1)
        .filter(|&t| t > doc.sentences[open_sentence].tokens.0);
    let before_mark = open_mark
        .map(|t| word(text, doc, t - 1).to_lowercase())
        .unwrap_or_else(|| "^".into());
    let lexical_none = format!("none|before:{before_mark}");
    let earlier_speaker = doc.quotes[..index]
        .iter()
        .rev()
        .find(|q| q.speaker.is_some() && !q.inferred)
        .map(|q| doc.sentences[q.sentence].block);
    match earlier_speaker {
        Some(b) if b == block => quote_features.push("speaker_this_paragraph".into()),
        Some(b) if b + 1 == block => quote_features.push("speaker_last_paragraph".into()),
        Some(_) => quote_features.push("speaker_earlier".into()),
        None => quote_features.push("no_speaker_yet".into()),
    }
    let none_features: Vec<String> = std::iter::once("none".to_string())
        .chain(quote_features.iter().map(|f| format!("none|{f}")))
        .chain(std::iter::once(lexical_none))
        .collect();

    let mut candidates: Vec<Candidate> = Vec::new();
    let window_start = open_sentence.saturating_sub(SENTENCES_BEFORE);
    let window_end = (close_sentence + 1).min(doc.sentences.len() - 1);
    for sentence in window_start..=window_end {
        let info = &doc.sentences[sentence];
        if info.kind != SentenceKind::Body || info.block + 1 < block || info.block > block {
            continue;
        }
        let distance = if sentence < open_sentence {
            format!("before{}", open_sentence - sentence)
        } else if sentence > close_sentence {
            "after".to_string()
        } else {
            "same".to_string()
        };
        let (first, last) = info.tokens;
        // A name, pronoun or description at tokens `[start, end)` of this sentence, with
        // the features of the words around it added to `features`.
        let located = |speaker: Speaker, (start, end): (usize, usize), mut features| {
            add_context_features(
                text,
                doc,
                context,
                (start, end),
                (first, last),
                (first_token, last_token),
                &mut features,
            );
            Candidate {
                span: speaker_span(doc, &speaker),
                speaker,
                content: quote.content,
                features,
            }
        };
        let mut first_named = true;
        let subject = super::quotes::subject(text, doc, sentence, None);
        for m in doc.mention_range(sentence) {
            let mention = &doc.mentions[m];
            if mention.kind == EntityKind::Place || context.quoted[mention.tokens.0] {
                continue;
            }
            let kind = match mention.kind {
                EntityKind::Person => "person",
                EntityKind::Organization => "org",
                _ => "unknown",
            };
            let mut features = vec![format!("kind:{kind}")];
            features.push(format!("at:{distance}"));
            features.push(format!("at:{distance}|kind:{kind}"));
            if mention.possessive {
                features.push("possessive".into());
            }
            if first_named {
                features.push("first_name_in_sentence".into());
                features.push(format!("first_name_in_sentence|at:{distance}"));
                first_named = false;
            }
            if mention.tokens.0 == first {
                features.push("opens_sentence".into());
            }
            if subject == Some(m) {
                features.push("subject".into());
                features.push(format!("subject|at:{distance}"));
            }
            if mention.role.is_some() {
                features.push("has_role".into());
            }
            if mention.has(super::doc::cue::SPEECH) {
                features.push("a_speaker".into());
            }
            let count = context
                .name_counts
                .get(&last_word(mention.name(text)))
                .copied()
                .unwrap_or(0);
            features.push(["named:1", "named:2-3", "named:4+"][bucket(count, &[2, 4])].into());
            candidates.push(located(
                Speaker::Mention { mention: m },
                mention.tokens,
                features,
            ));
        }
        // Unnamed speakers: "the judge", "a senior official", "the crowd".
        for token in first..last {
            let w = word(text, doc, token);
            if !matches!(w, "the" | "The" | "a" | "A" | "an" | "An" | "one" | "One")
                || context.quoted[token]
            {
                continue;
            }
            let head = (token + 1..last.min(token + 5)).find(|&i| {
                let w = word(text, doc, i).to_lowercase();
                DESCRIPTIVE_WORDS.contains(&w.as_str())
                    || ROLE_HEADS.contains(w.as_str())
                    || matches!(
                        w.as_str(),
                        "crowd"
                            | "audience"
                            | "ad"
                            | "headline"
                            | "judge"
                            | "group"
                            | "website"
                            | "message"
                            | "post"
                            | "tweet"
                    )
            });
            let Some(head) = head else { continue };
            if (token + 1..head)
                .any(|i| doc.tokens[i].kind == TokenKind::Punct || context.quoted[i])
            {
                continue;
            }
            let span = Span::new(doc.tokens[token].span.start, doc.tokens[head].span.end);
            let mut features = vec!["kind:description".to_string()];
            features.push(format!("at:{distance}"));
            features.push(format!("at:{distance}|kind:description"));
            features.push(format!("head:{}", word(text, doc, head).to_lowercase()));
            if token == first {
                features.push("opens_sentence".into());
            }
            candidates.push(located(
                Speaker::Description { span },
                (token, head + 1),
                features,
            ));
        }
        for token in first..last {
            let w = word(text, doc, token);
            if !is_person_pronoun(w) || context.quoted[token] {
                continue;
            }
            let resolved = super::quotes::resolve_pronoun(text, doc, sentence, token);
            let mut features = vec!["kind:pronoun".to_string()];
            features.push(format!("at:{distance}"));
            features.push(format!("at:{distance}|kind:pronoun"));
            if token == first {
                features.push("opens_sentence".into());
            }
            if resolved.is_some() {
                features.push("pronoun_resolved".into());
            }
            candidates.push(located(
                Speaker::Pronoun {
                    span: doc.tokens[token].span,
                    mention: resolved,
                },
                (token, token + 1),
                features,
            ));
        }
    }
    // The speakers of the last few attributed quotes: a conversation goes on.
    let earlier: Vec<&Quote> = doc.quotes[..index]
        .iter()
        .rev()
        .filter(|q| q.speaker.is_some() && !q.inferred)
        .take(EARLIER_QUOTES)
        .collect();
    let speaker_name = |speaker: &Speaker| -> Option<String> {
        match speaker {
            Speaker::Mention { mention }
            | Speaker::Pronoun {
                mention: Some(mention),
                ..
            } => Some(last_word(doc.mentions[*mention].name(text))),
            Speaker::Pronoun { span, .. } | Speaker::Description { span } => {
                Some(span.slice(text).to_lowercase())
            }
        }
    };
    let earlier_names: Vec<Option<String>> = earlier
        .iter()
        .map(|q| q.speaker.as_ref().and_then(speaker_name))
        .collect();
    for candidate in &mut candidates {
        let name = speaker_name(&candidate.speaker);
        if let Some(rank) = earlier_names.iter().position(|n| n.is_some() && *n == name) {
            candidate.features.push(format!("spoke:{rank}"));
        }
    }
    for (rank, q) in earlier.iter().enumerate() {
        let speaker = q.speaker.clone().expect("filtered on speaker");
        let span = speaker_span(doc, &speaker);
        if candidates.iter().any(|c| c.span == span) {
            continue;
        }
        let blocks_back = block.saturating_sub(doc.sentences[q.sentence].block);
        let mut features = vec![format!("kind:earlier_speaker{rank}")];
        features.push(format!("blocks_back:{}", blocks_back.min(3)));
        if matches!(speaker, Speaker::Description { .. }) {
            features.push("earlier_description".into());
        }
        candidates.push(Candidate {
            speaker,
            span,
            content: quote.content,
            features,
        });
    }
    if candidates.is_empty() {
        return None;
    }
    // A quote inside a longer sentence reports the clause around it, up to the sentence's
    // end (or the quote's end, when another quote follows).
    if !alone {
        let sentence_end = sentence_span.start
            + text[sentence_span.start..sentence_span.end]
                .trim_end()
                .trim_end_matches(['.', '!', '?'])
                .len();
        let marked_end = quote.content.end.max(quote.span.end);
        let end = if sentence_end > marked_end
            && !super::quotes::has_opening_mark(&text[marked_end..sentence_end])
        {
            sentence_end
        } else {
            marked_end
        };
        for candidate in &mut candidates {
            let start = if candidate.span.start >= sentence_span.start
                && candidate.span.end <= quote.span.start
            {
                let rest = &text[candidate.span.end..quote.span.start];
                candidate.span.end
                    + (rest.len() - rest.trim_start_matches([' ', ',', ':', '’', 's']).len())
            } else {
                sentence_span.start
            };
            candidate.content =
                Span::new(start.min(quote.content.start), end.max(quote.content.end));
        }
    }
    // The nearest name before the quote, and the order of the rest.
    let mut before: Vec<usize> = (0..candidates.len())
        .filter(|&c| candidates[c].span.end <= quote.span.start)
        .filter(|&c| {
            !candidates[c]
                .features
                .iter()
                .any(|f| f.starts_with("kind:earlier"))
        })
        .collect();
    before.sort_by_key(|&c| std::cmp::Reverse(candidates[c].span.start));
    for (rank, c) in before.into_iter().enumerate() {
        candidates[c]
            .features
            .push(format!("nearest_before:{}", rank.min(3)));
    }
    // Every feature also in conjunction with what kind of quote this is.
    for candidate in &mut candidates {
        let kind = candidate.features.first().cloned().unwrap_or_default();
        let mut conjoined: Vec<String> = quote_features
            .iter()
            .map(|q| format!("{kind}|{q}"))
            .collect();
        for feature in &candidate.features {
            if feature.starts_with("at:") || feature.starts_with("nearest_before") {
                conjoined.push(format!("{feature}|fragment:{fragment}"));
                conjoined.push(format!("{feature}|alone:{alone}"));
            }
        }
        candidate.features.append(&mut conjoined);
        candidate.features.push("candidate".into());
    }
    Some(Choice {
        quote: index,
        candidates,
        none_features,
    })
}

/// Features of a name or pronoun from the words around it.
fn add_context_features(
    text: &str,
    doc: &Doc,
    context: &DocContext,
    (start, end): (usize, usize),
    (first, last): (usize, usize),
    (quote_first, quote_last): (usize, usize),
    features: &mut Vec<String>,
) {
    // A verb of saying right after it ("Okafor said", "Okafor, the mayor, told"), or
    // "according to" before it.
    let speech_after = (end..last.min(end + 4))
        .filter(|&i| !context.quoted[i])
        .any(|i| SPEECH_VERBS.contains(word(text, doc, i)));
    if speech_after {
        features.push("speech_verb_after".into());
    }
    if start >= first + 2
        && word(text, doc, start - 2).eq_ignore_ascii_case("according")
        && word(text, doc, start - 1) == "to"
    {
        features.push("according_to".into());
    }
    if start > first {
        let previous = word(text, doc, start - 1);
        if matches!(
            previous,
            "by" | "to" | "with" | "of" | "for" | "on" | "at" | "from"
        ) {
            features.push(format!("after:{previous}"));
        }
    }
    let same_sentence = quote_first >= first && quote_first < last;
    if same_sentence {
        if end <= quote_first {
            let between = end..quote_first;
            features.push("before_quote".into());
            if between
                .clone()
                .any(|i| SPEECH_VERBS.contains(word(text, doc, i)))
            {
                features.push("speech_verb_between".into());
            }
            if between.clone().any(|i| word(text, doc, i) == ":") {
                features.push("colon_between".into());
            }
            features
                .push(["gap:0-2", "gap:3-6", "gap:7+"][bucket(quote_first - end, &[3, 7])].into());
        } else if start > quote_last {
            features.push("after_quote".into());
        }
    }
    // The word after the name: its verb, mostly ("Okafor called", "Okafor wrote").
    if end < last && !context.quoted[end] {
        features.push(format!("next:{}", word(text, doc, end).to_lowercase()));
    }
    let any_verbish = (end..last.min(end + 3))
        .any(|i| doc.tokens[i].kind == TokenKind::Word && word(text, doc, i).ends_with("ed"));
    if any_verbish {
        features.push("past_verb_after".into());
    }
}

/// The words that name a speaker in the text.
pub fn speaker_span(doc: &Doc, speaker: &Speaker) -> Span {
    match speaker {
        Speaker::Mention { mention } => doc.mentions[*mention].span,
        Speaker::Pronoun { span, .. } | Speaker::Description { span } => *span,
    }
}

/// One quote of the training data: its choice and which options are right (index 0 is
/// "no speaker").
#[derive(Clone, Debug)]
pub struct Example {
    pub choice: Choice,
    pub correct: Vec<bool>,
    /// The quote and its candidates as text, for error listings.
    pub description: String,
}

/// Features seen in fewer training quotes than this get no weight: a word seen twice says
/// more about those two texts than about quotes.
const MIN_FEATURE_COUNT: usize = 5;

/// Trains the weights by stochastic gradient descent on the softmax log-loss, in a fixed
/// order (the same data gives the same weights).
pub fn train(examples: &[Example], epochs: usize, rate: f64, l2: f64) -> SpeakerModel {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for example in examples {
        let mut seen: Vec<&str> = std::iter::once(&example.choice.none_features)
            .chain(example.choice.candidates.iter().map(|c| &c.features))
            .flatten()
            .map(String::as_str)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for feature in seen {
            *counts.entry(feature).or_default() += 1;
        }
    }
    let kept = |feature: &str| counts.get(feature).is_some_and(|&n| n >= MIN_FEATURE_COUNT);
    let mut weights: HashMap<String, f64> = HashMap::new();
    for epoch in 0..epochs {
        let step = rate / (1.0 + epoch as f64);
        for example in examples {
            let options: Vec<&Vec<String>> = std::iter::once(&example.choice.none_features)
                .chain(example.choice.candidates.iter().map(|c| &c.features))
                .collect();
            let scores: Vec<f64> = options
                .iter()
                .map(|f| f.iter().filter_map(|f| weights.get(f)).sum())
                .collect();
            let probabilities = softmax(&scores);
            let right: f64 = example.correct.iter().filter(|&&c| c).count() as f64;
            let right_mass: f64 = probabilities
                .iter()
                .zip(&example.correct)
                .filter(|(_, &c)| c)
                .map(|(p, _)| p)
                .sum();
            if right == 0.0 || right_mass <= 0.0 {
                continue;
            }
            // Gradient of -log(sum of the right options' probabilities).
            for (option, (p, &correct)) in options
                .iter()
                .zip(probabilities.iter().zip(&example.correct))
            {
                let target = if correct { p / right_mass } else { 0.0 };
                let gradient = p - target;
                if gradient == 0.0 {
                    continue;
                }
                for feature in option.iter().filter(|f| kept(f)) {
                    let w = weights.entry(feature.clone()).or_default();
                    *w -= step * (gradient + l2 * *w);
                }
            }
        }
    }
    weights.retain(|_, w| w.abs() >= 0.00005);
    SpeakerModel {
        weights,
        threshold: 0.5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::analyze_text;

    /// (quote, speaker as written, inferred) of every quote of an invented article.
    fn quotes(raw: &str) -> Vec<(String, Option<String>, bool)> {
        let (text, doc) = analyze_text(raw);
        doc.quotes
            .iter()
            .map(|q| {
                let speaker = q
                    .speaker
                    .as_ref()
                    .map(|s| speaker_span(&doc, s).slice(&text).to_string());
                (q.span.slice(&text).to_string(), speaker, q.inferred)
            })
            .collect()
    }

    #[test]
    fn the_model_file_reads_back_as_written() {
        let model = default_model();
        assert!(model.threshold > 0.0 && model.threshold < 1.0);
        assert!(!model.weights.is_empty());
        let again = SpeakerModel::parse(&model.to_text()).unwrap();
        assert_eq!(again.threshold, model.threshold);
        assert_eq!(again.weights.len(), model.weights.len());
        for (name, weight) in &model.weights {
            assert!((again.weights[name] - weight).abs() < 1e-9, "{name}");
        }
    }

    #[test]
    fn a_malformed_model_line_is_named() {
        let error = SpeakerModel::parse("threshold\t0.4\nno weight here\n").unwrap_err();
        assert!(error.contains("line 2"), "{error}");
        let error = SpeakerModel::parse("kind:person\tmany\n").unwrap_err();
        assert!(
            error.contains("line 1") && error.contains("many"),
            "{error}"
        );
    }

    fn option(features: &[&str]) -> Vec<String> {
        features.iter().map(|f| f.to_string()).collect()
    }

    fn example(candidates: &[&[&str]], correct: usize) -> Example {
        let choice = Choice {
            quote: 0,
            candidates: candidates
                .iter()
                .map(|features| Candidate {
                    speaker: Speaker::Description {
                        span: Span::new(0, 1),
                    },
                    span: Span::new(0, 1),
                    content: Span::new(0, 1),
                    features: option(features),
                })
                .collect(),
            none_features: option(&["none"]),
        };
        let mut flags = vec![false; candidates.len() + 1];
        flags[correct] = true;
        Example {
            choice,
            correct: flags,
            description: String::new(),
        }
    }

    #[test]
    fn training_learns_which_candidate_is_the_speaker_and_when_there_is_none() {
        // The speaker is the candidate followed by a verb of saying; a quote whose only
        // candidate is a place-like name has no speaker.
        let mut examples = Vec::new();
        for _ in 0..20 {
            examples.push(example(
                &[&["kind:person"], &["kind:person", "speech_verb_after"]],
                2,
            ));
            examples.push(example(
                &[&["kind:person", "speech_verb_after"], &["kind:org"]],
                1,
            ));
            examples.push(example(&[&["kind:org"]], 0));
        }
        let mut model = train(&examples, 10, 0.5, 0.0001);
        model.threshold = 0.5;
        let picks: Vec<Option<usize>> = examples[..3]
            .iter()
            .map(|e| model.pick(&e.choice))
            .collect();
        assert_eq!(picks, vec![Some(1), Some(0), None]);
        // Trained twice on the same data, the same file.
        assert_eq!(model.to_text(), {
            let mut again = train(&examples, 10, 0.5, 0.0001);
            again.threshold = 0.5;
            again.to_text()
        });
    }

    /// A quote whose speaker the rules cannot parse: "said Dr Lena Varga at …:" before it.
    const STRIKE_WITH_INFERRED_QUOTE: &str = "Ferry strike enters second week\n\n\
         Talks between the Orlin Ferry Company and the deckhands' union broke down on Monday.\n\n\
         Nobody expects a quick end, said Dr Lena Varga at the University of Castelmar: \
         “Both sides have dug in and the winter timetable starts in a fortnight.”";

    #[test]
    fn a_quote_after_a_name_the_rules_cannot_parse_gets_that_speaker_marked_inferred() {
        let got = quotes(STRIKE_WITH_INFERRED_QUOTE);
        assert_eq!(
            got,
            vec![(
                "Both sides have dug in and the winter timetable starts in a fortnight."
                    .to_string(),
                Some("Lena Varga".to_string()),
                true
            )]
        );
    }

    #[test]
    fn a_quote_standing_alone_after_an_inferred_one_continues_it() {
        let got = quotes(&format!(
            "{STRIKE_WITH_INFERRED_QUOTE} “The company will blink first.”"
        ));
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].0, "The company will blink first.");
        assert_eq!(got[1].1.as_deref(), Some("Lena Varga"), "{got:?}");
        assert!(got[1].2, "marked inferred: {got:?}");
    }

    #[test]
    fn a_title_in_quotation_marks_gets_no_speaker() {
        let got = quotes(
            "Festival line-up announced\n\n\
             The Castelmar festival will open with the documentary “Salt and Iron” on Friday.",
        );
        assert_eq!(got, vec![("Salt and Iron".to_string(), None, false)]);
    }
}
