//! Sentence splitting over tokens, block by block. A sentence never crosses a block
//! (paragraph) boundary; titles and headings are one sentence each. Periods attached to
//! abbreviations (`Sen.`, `Dec.`, `U.S.`) end a sentence only when the abbreviation can end
//! one and the next word is a typical sentence opener.

use super::doc::{Sentence, SentenceKind, Token, TokenKind};
use super::lexicon::STOPWORDS;
use super::tokens::can_end_sentence;
use crate::article::{Block, BlockKind, Span};

const CLOSERS: &[&str] = &["”", "\"", "’", "'", ")", "]", "»", "''"];
const OPENERS: &[&str] = &["“", "\"", "‘", "'", "(", "[", "«", "''", "``"];

/// Splits the tokens of each block into sentences. `tokens` must be the whole article's
/// tokens in order; `block_tokens[b]` is the token range of block `b`.
pub fn split(
    text: &str,
    blocks: &[Block],
    tokens: &[Token],
    block_tokens: &[(usize, usize)],
) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    for (block_index, (block, &(first, last))) in blocks.iter().zip(block_tokens).enumerate() {
        if first == last {
            continue;
        }
        let kind = match block.kind {
            BlockKind::Title => SentenceKind::Title,
            BlockKind::Heading => SentenceKind::Heading,
            _ => SentenceKind::Body,
        };
        if kind != SentenceKind::Body {
            sentences.push(make(tokens, first, last, block_index, kind));
            continue;
        }
        let mut start = first;
        let mut index = first;
        while index < last {
            if let Some(end) = boundary_after(text, tokens, index, last) {
                sentences.push(make(tokens, start, end, block_index, kind));
                start = end;
                index = end;
            } else {
                index += 1;
            }
        }
        if start < last {
            sentences.push(make(tokens, start, last, block_index, kind));
        }
    }
    sentences
}

fn make(tokens: &[Token], first: usize, last: usize, block: usize, kind: SentenceKind) -> Sentence {
    Sentence {
        span: Span::new(tokens[first].span.start, tokens[last - 1].span.end),
        tokens: (first, last),
        block,
        kind,
    }
}

/// If a sentence ends at token `index`, the index of the first token after it (closing
/// quotes and brackets stay with the sentence they close).
fn boundary_after(text: &str, tokens: &[Token], index: usize, last: usize) -> Option<usize> {
    let token = tokens[index];
    let word = token.span.slice(text);
    let terminal = match token.kind {
        TokenKind::Punct => matches!(word, "." | "!" | "?" | "…"),
        TokenKind::Word => word.ends_with('.') && word.len() > 1,
        _ => false,
    };
    if !terminal {
        return None;
    }
    // "(D-S.C.)": a period with a letter right after it, no space between, is inside a
    // word.
    if token.kind == TokenKind::Punct
        && index + 1 < last
        && tokens[index + 1].span.start == token.span.end
        && tokens[index + 1]
            .span
            .slice(text)
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
    {
        return None;
    }
    let mut end = index + 1;
    while end < last && CLOSERS.contains(&tokens[end].span.slice(text)) {
        // A straight quote after a space opens the next quotation: `said. "We …`; but
        // two apostrophes with spaces on both sides close one, as text tokenised in the
        // Penn Treebank's way writes every closing quote: `here . '' He`.
        let mark = tokens[end].span.slice(text);
        let straight = matches!(mark, "\"" | "'" | "''");
        let spaced_before = tokens[end].span.start > tokens[end - 1].span.end;
        let spaced_after = tokens
            .get(end + 1)
            .is_none_or(|next| next.span.start > tokens[end].span.end);
        if straight && spaced_before && !(mark == "''" && spaced_after) {
            break;
        }
        end += 1;
    }
    if end >= last {
        return Some(last);
    }
    let next = tokens[end].span.slice(text);
    let next_opens = next
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        || OPENERS.contains(&next);
    if !next_opens {
        return None;
    }
    if token.kind == TokenKind::Word {
        // A period attached to an abbreviation.
        let opener = next.to_lowercase();
        let typical_opener = STOPWORDS.contains(opener.as_str())
            && next.chars().next().is_some_and(char::is_uppercase);
        if !(can_end_sentence(word) && typical_opener) {
            return None;
        }
    }
    // "…" followed by a lowercase continuation was handled above; "?" and "!" inside a
    // quote followed by an attribution ("Why?” she asked) stay in one sentence.
    if matches!(word, "?" | "!") && end > index + 1 {
        let lower_next = next.chars().next().is_some_and(char::is_lowercase);
        if lower_next {
            return None;
        }
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::tokens::tokenize;
    use proptest::prelude::*;

    fn split_text(text: &str) -> Vec<String> {
        let blocks = vec![Block {
            span: Span::new(0, text.len()),
            kind: BlockKind::Paragraph,
        }];
        let mut tokens = Vec::new();
        tokenize(text, blocks[0].span, &mut tokens);
        let ranges = vec![(0, tokens.len())];
        split(text, &blocks, &tokens, &ranges)
            .iter()
            .map(|s| s.span.slice(text).to_string())
            .collect()
    }

    #[test]
    fn a_period_inside_a_word_ends_no_sentence() {
        let text = "“We stay,” said Rep. Ana Ruiz (D-V.L.), who leads the caucus. Talks resume.";
        assert_eq!(
            split_text(text),
            vec![
                "“We stay,” said Rep. Ana Ruiz (D-V.L.), who leads the caucus.",
                "Talks resume."
            ]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "Sen. Ana Ruiz met Gen. Tomas Bell in the U.S. capital on Dec. 6. Mr. Bell said the Oct. 24–26 talks were useful. The U.S. team left.";
        assert_eq!(
            split_text(text),
            vec![
                "Sen. Ana Ruiz met Gen. Tomas Bell in the U.S. capital on Dec. 6.",
                "Mr. Bell said the Oct. 24–26 talks were useful.",
                "The U.S. team left."
            ]
        );
    }

    #[test]
    fn an_acronym_can_end_a_sentence_before_a_typical_opener() {
        assert_eq!(
            split_text("The ship sailed for the U.S. The crew stayed behind."),
            vec!["The ship sailed for the U.S.", "The crew stayed behind."]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split_text("He called the talks “constructive.” She disagreed. “Why?” she asked."),
            vec![
                "He called the talks “constructive.”",
                "She disagreed.",
                "“Why?” she asked."
            ]
        );
    }

    #[test]
    fn two_apostrophes_close_and_open_quotes_as_a_straight_mark_does() {
        assert_eq!(
            split_text("He called the talks ''constructive.'' She disagreed. ``Why?'' she asked."),
            vec![
                "He called the talks ''constructive.''",
                "She disagreed.",
                "``Why?'' she asked."
            ]
        );
        assert_eq!(
            split_text("Truman said , `` The buck stops here . '' He left ."),
            vec!["Truman said , `` The buck stops here . ''", "He left ."]
        );
    }

    #[test]
    fn a_straight_quote_after_a_space_opens_the_next_sentence() {
        assert_eq!(
            split_text("\"We agree,\" Ruiz said. \"They do not.\" Talks ended."),
            vec![
                "\"We agree,\" Ruiz said.",
                "\"They do not.\"",
                "Talks ended."
            ]
        );
    }

    #[test]
    fn decimals_and_lowercase_continuations_do_not_split() {
        assert_eq!(
            split_text("Prices rose 3.5 percent. e.g. this."),
            vec!["Prices rose 3.5 percent. e.g. this."]
        );
    }

    proptest! {
        #[test]
        fn sentences_partition_the_tokens(text in "[A-Za-z .!?“”\"]{0,120}") {
            let blocks = vec![Block { span: Span::new(0, text.len()), kind: BlockKind::Paragraph }];
            let mut tokens = Vec::new();
            tokenize(&text, blocks[0].span, &mut tokens);
            let ranges = vec![(0, tokens.len())];
            let sentences = split(&text, &blocks, &tokens, &ranges);
            let mut next = 0;
            for sentence in &sentences {
                prop_assert_eq!(sentence.tokens.0, next);
                prop_assert!(sentence.tokens.1 > sentence.tokens.0);
                next = sentence.tokens.1;
            }
            prop_assert_eq!(next, tokens.len());
        }
    }
}
