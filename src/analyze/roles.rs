//! Role phrases attached to person names: a title inside the name ("Transport Minister
//! Dalia Okafor"), a role phrase before it ("the Board’s special envoy Mila Stroud",
//! "the union’s chief negotiator, Tomas Ferreira") or an appositive after it ("Ines
//! Albarran, the long-serving head of Velmora’s port authority, …").

use super::doc::{Token, TokenKind};
use super::lexicon::{PERSON_TITLES, ROLE_HEADS, ROLE_MODIFIERS};
use crate::article::Span;

/// The tokens of one sentence with their text, for role scanning.
pub struct Window<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// First token index of the sentence.
    pub first: usize,
    /// One past the last token index of the sentence.
    pub last: usize,
}

impl Window<'_> {
    fn word(&self, index: usize) -> &str {
        self.tokens[index].span.slice(self.text)
    }

    fn is_cap(&self, index: usize) -> bool {
        self.tokens[index].kind == TokenKind::Word
            && self
                .word(index)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }

    fn is_lower_word(&self, index: usize) -> bool {
        self.tokens[index].kind == TokenKind::Word
            && self
                .word(index)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
    }

    fn span(&self, first: usize, last_inclusive: usize) -> Span {
        Span::new(
            self.tokens[first].span.start,
            self.tokens[last_inclusive].span.end,
        )
    }
}

pub fn is_role_head(word: &str) -> bool {
    ROLE_HEADS.contains(word.to_lowercase().as_str())
}

/// A capitalised title that names a role (not an honorific such as "Mr.").
pub fn is_role_title(word: &str) -> bool {
    PERSON_TITLES.get(word).copied().unwrap_or(false)
        || word.chars().next().is_some_and(char::is_uppercase) && is_role_head(word)
}

fn is_modifier(word: &str) -> bool {
    let lower = word.to_lowercase();
    ROLE_MODIFIERS.contains(lower.as_str()) || ROLE_HEADS.contains(lower.as_str())
}

/// Extends a role phrase ending before token `end` backwards over modifiers, capitalised
/// words and possessive phrases; returns the new first token.
pub fn extend_backwards(window: &Window, end: usize) -> usize {
    let mut start = end;
    while start > window.first && end - start < 12 {
        let previous = start - 1;
        let token = window.tokens[previous];
        let word = window.word(previous);
        let determiner = matches!(word.to_lowercase().as_str(), "the" | "a" | "an" | "of");
        let accept = match token.kind {
            _ if determiner => false,
            TokenKind::Possessive => {
                // The possessor: a capitalised name or a role noun ("president’s", "union’s").
                previous > window.first
                    && (window.is_cap(previous - 1)
                        || window.is_lower_word(previous - 1)
                            && is_modifier(window.word(previous - 1)))
            }
            TokenKind::Word if window.is_cap(previous) => true,
            TokenKind::Word if word == "and" => {
                previous > window.first
                    && window.is_lower_word(previous - 1)
                    && is_modifier(window.word(previous - 1))
                    && start < end
            }
            TokenKind::Word => {
                is_modifier(word) || word.contains('-') && window.is_lower_word(previous)
            }
            _ => false,
        };
        if !accept {
            break;
        }
        start = previous;
    }
    // A phrase never starts with a connector.
    while start < end && matches!(window.word(start), "and" | "of") {
        start += 1;
    }
    start
}

/// A role phrase directly before the name starting at token `name_start`:
/// "special envoy Mila Stroud", "the union’s chief negotiator, Tomas Ferreira".
pub fn role_before(window: &Window, name_start: usize) -> Option<Span> {
    if name_start <= window.first {
        return None;
    }
    let mut head = name_start - 1;
    if window.word(head) == "," {
        if head <= window.first {
            return None;
        }
        head -= 1;
    }
    let head_word = window.word(head);
    if !(window.is_lower_word(head) && is_role_head(head_word)) {
        return None;
    }
    let start = extend_backwards(window, head);
    Some(window.span(start, head))
}

const APPOSITIVE_STOPS: &[&str] = &[
    ",", ";", ".", "(", ")", "—", "–", ":", "“", "”", "\"", "who", "which", "that", "whose",
    "said", "says", "told", "is", "was", "are", "were", "has", "had", "have", "will", "would",
    "can", "could",
];

const COMPLEMENT_PREPOSITIONS: &[&str] = &["of", "for", "at", "to", "on"];

/// An appositive after the name ending at token `name_end` (exclusive):
/// ", the long-serving head of Velmora’s port authority,".
pub fn role_after(window: &Window, name_end: usize) -> Option<Span> {
    if name_end >= window.last || window.word(name_end) != "," {
        return None;
    }
    let mut start = name_end + 1;
    if start < window.last && matches!(window.word(start), "the" | "a" | "an") {
        start += 1;
    }
    let mut end = start;
    while end < window.last && end - start < 16 && !APPOSITIVE_STOPS.contains(&window.word(end)) {
        end += 1;
    }
    if end == start {
        return None;
    }
    // The head must come before any word that is not part of a role phrase.
    let mut head = None;
    for index in start..end {
        let word = window.word(index);
        let token = window.tokens[index];
        // A capitalised title followed by a name belongs to that name ("Mayor Ines
        // Albarran’s envoy"): keep scanning for the appositive's own head.
        let titles_a_name = window.is_cap(index) && index + 1 < end && window.is_cap(index + 1);
        let is_head = if window.is_cap(index) {
            is_role_title(word) && !titles_a_name
        } else {
            is_role_head(word)
        };
        if is_head {
            head = Some(index);
            // Keep going: "former senior official" has its head last among modifiers.
            let next_is_modifier = index + 1 < end
                && window.is_lower_word(index + 1)
                && is_role_head(window.word(index + 1));
            if !next_is_modifier {
                break;
            }
            continue;
        }
        let fits = token.kind == TokenKind::Possessive
            || window.is_cap(index)
            || token.kind == TokenKind::Word && (is_modifier(word) || word.contains('-'));
        if !fits {
            return None;
        }
    }
    let head = head?;
    // A role phrase directly followed by a name is that name's pre-name role, not an
    // appositive of the name before the comma ("…, Harbour Board envoy Mila Stroud").
    if head + 1 < window.last && window.is_cap(head + 1) {
        return None;
    }
    // Keep a complement: "head of Velmora’s port authority".
    let mut role_end = head;
    if head + 1 < end && COMPLEMENT_PREPOSITIONS.contains(&window.word(head + 1)) {
        let mut index = head + 2;
        while index < end {
            let word = window.word(index);
            if matches!(
                word,
                "during" | "in" | "since" | "when" | "after" | "before" | "with" | "until" | "and"
            ) {
                break;
            }
            index += 1;
        }
        if index > head + 2 {
            role_end = index - 1;
        }
    }
    // A role set off by commas and followed by a name set off the same way is that
    // name's ("Referring to Ilves, the harbour minister, Dalia Okafor, said …").
    let after = role_end + 1;
    if after < window.last && window.word(after) == "," {
        let mut next = after + 1;
        while next < window.last && window.is_cap(next) {
            next += 1;
        }
        if next > after + 1 && next < window.last && window.word(next) == "," {
            return None;
        }
    }
    Some(window.span(start, role_end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::tokens::tokenize;

    fn with_window<R>(text: &str, f: impl FnOnce(&Window, &dyn Fn(&str) -> usize) -> R) -> R {
        let mut tokens = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut tokens);
        let window = Window {
            text,
            tokens: &tokens,
            first: 0,
            last: tokens.len(),
        };
        let find = |word: &str| {
            tokens
                .iter()
                .position(|t| t.span.slice(text) == word)
                .unwrap()
        };
        f(&window, &find)
    }

    #[test]
    fn role_phrases_before_a_name() {
        let role = with_window(
            "They met Harbor Board’s special envoy Mila Stroud.",
            |w, find| role_before(w, find("Mila")).map(|s| s.slice(w.text).to_string()),
        );
        assert_eq!(role.as_deref(), Some("Harbor Board’s special envoy"));
        let role = with_window(
            "The union’s chief negotiator, Tomas Ferreira, spoke.",
            |w, find| role_before(w, find("Tomas")).map(|s| s.slice(w.text).to_string()),
        );
        assert_eq!(role.as_deref(), Some("union’s chief negotiator"));
        let none = with_window("They met Mila Stroud.", |w, find| {
            role_before(w, find("Mila"))
        });
        assert_eq!(none, None);
    }

    #[test]
    fn coordination_does_not_leak_a_name_into_a_role() {
        let role = with_window(
            "He met Stroud and port adviser Ines Albarran.",
            |w, find| role_before(w, find("Ines")).map(|s| s.slice(w.text).to_string()),
        );
        assert_eq!(role.as_deref(), Some("port adviser"));
    }

    #[test]
    fn a_title_that_belongs_to_the_next_name_is_not_an_appositive() {
        // Regression: "South Harbour" was given the role "Mayor".
        let none = with_window(
            "After talks in South Harbour, Mayor Ines Albarran’s plan moved ahead.",
            |w, find| role_after(w, find("Harbour") + 1),
        );
        assert_eq!(none, None);
        let role = with_window(
            "Mila Stroud, Mayor Ines Albarran’s chief adviser who drafted it, spoke.",
            |w, find| role_after(w, find("Stroud") + 1).map(|s| s.slice(w.text).to_string()),
        );
        assert_eq!(role.as_deref(), Some("Mayor Ines Albarran’s chief adviser"));
    }

    #[test]
    fn appositives_after_a_name() {
        let role = with_window(
            "Ines Albarran, the long-serving head of Velmora’s port authority, who spoke first.",
            |w, find| role_after(w, find("Albarran") + 1).map(|s| s.slice(w.text).to_string()),
        );
        assert_eq!(
            role.as_deref(),
            Some("long-serving head of Velmora’s port authority")
        );
        let role = with_window(
            "Mila Stroud, a former senior Harbor Board official during the last strike, agreed.",
            |w, find| role_after(w, find("Stroud") + 1).map(|s| s.slice(w.text).to_string()),
        );
        assert_eq!(role.as_deref(), Some("former senior Harbor Board official"));
        let none = with_window(
            "Asked about Ilves, the harbour minister, Dalia Okafor, said the talks would go on.",
            |w, find| role_after(w, find("Ilves") + 1),
        );
        assert_eq!(none, None, "the role is Okafor's");
        let role = with_window(
            "Ines Albarran, the port director, Tomas Ferreira and Mila Stroud met.",
            |w, find| role_after(w, find("Albarran") + 1).map(|s| s.slice(w.text).to_string()),
        );
        assert_eq!(role.as_deref(), Some("port director"));
        let role = with_window(
            "Mila Stroud, spokeswoman for the Harbour Board is taking questions now.",
            |w, find| role_after(w, find("Stroud") + 1).map(|s| s.slice(w.text).to_string()),
        );
        assert_eq!(role.as_deref(), Some("spokeswoman for the Harbour Board"));
        let none = with_window("Stroud, Albarran and Bell agreed.", |w, find| {
            role_after(w, find("Stroud") + 1)
        });
        assert_eq!(none, None);
    }
}
