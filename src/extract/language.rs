//! A guess at an article's language from its most common function words, for pages and
//! texts that do not declare one. It knows the languages newsdesk's sources mostly come
//! in, by script for Cyrillic, Greek, Arabic, Hebrew, Chinese, Japanese and Korean, and by
//! function words for Latin-script languages; it answers only when the evidence is clear.

/// Function words that are frequent in one language and rare in the others.
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "is", "that", "was", "for", "with", "said", "it", "on",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "das", "ist", "nicht", "mit", "sich", "auf", "ein", "eine", "auch",
        ],
    ),
    (
        "fr",
        &[
            "le", "les", "des", "est", "et", "une", "dans", "pour", "qui", "sur", "pas", "du",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "que", "del", "por", "una", "con", "para", "como", "pero", "fue",
        ],
    ),
    (
        "pt",
        &[
            "o", "os", "não", "uma", "com", "para", "que", "do", "da", "em", "foi", "mais",
        ],
    ),
    (
        "it",
        &[
            "il", "che", "di", "della", "non", "per", "una", "sono", "gli", "con", "anche", "del",
        ],
    ),
    (
        "nl",
        &[
            "het", "een", "van", "niet", "zijn", "dat", "ook", "voor", "met", "wordt", "maar",
            "bij",
        ],
    ),
];

/// The ISO 639-1 code of the text's language, or `None` when the text is too short or
/// no language clearly leads.
pub fn guess(text: &str) -> Option<&'static str> {
    let mut letters = 0usize;
    let mut by_script: [(&str, usize); 7] = [
        ("ru", 0),
        ("el", 0),
        ("ar", 0),
        ("he", 0),
        ("zh", 0),
        ("ja", 0),
        ("ko", 0),
    ];
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        let slot = match c {
            '\u{0400}'..='\u{04ff}' => 0,
            '\u{0370}'..='\u{03ff}' => 1,
            '\u{0600}'..='\u{06ff}' => 2,
            '\u{0590}'..='\u{05ff}' => 3,
            '\u{4e00}'..='\u{9fff}' => 4,
            '\u{3040}'..='\u{30ff}' => 5,
            '\u{ac00}'..='\u{d7af}' => 6,
            _ => continue,
        };
        by_script[slot].1 += 1;
    }
    if letters < 40 {
        return None;
    }
    // Kana means Japanese even among many Chinese characters.
    if by_script[5].1 * 10 > letters {
        return Some("ja");
    }
    if let Some((code, count)) = by_script.iter().max_by_key(|(_, n)| *n) {
        if count * 2 > letters {
            return Some(code);
        }
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 20 {
        return None;
    }
    let mut scores: Vec<(&str, usize)> = FUNCTION_WORDS
        .iter()
        .map(|(code, list)| {
            (
                *code,
                words.iter().filter(|w| list.contains(&w.as_str())).count(),
            )
        })
        .collect();
    scores.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let (best, runner_up) = (scores[0], scores[1]);
    // Clear evidence: a tenth of the words are the leader's function words, and it leads
    // the next language by half again.
    (best.1 * 10 >= words.len() && best.1 * 2 >= runner_up.1 * 3).then_some(best.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_common_languages_and_abstains_when_unsure() {
        let english = "The union said on Monday that the strike would go on until the port authority put its offer in writing, and that members were ready for a long dispute with the operator.";
        assert_eq!(guess(english), Some("en"));
        let german = "Die Gewerkschaft sagte am Montag, dass der Streik weitergehen werde, bis die Hafenbehörde ihr Angebot schriftlich vorlege, und dass die Mitglieder auf einen langen Streit mit dem Betreiber eingestellt seien und nicht nachgeben.";
        assert_eq!(guess(german), Some("de"));
        let spanish = "El sindicato dijo el lunes que la huelga seguiría hasta que la autoridad portuaria presentara su oferta por escrito, y que los miembros estaban preparados para una larga disputa con el operador del puerto.";
        assert_eq!(guess(spanish), Some("es"));
        let russian = "Профсоюз заявил в понедельник, что забастовка продолжится, пока администрация порта не представит своё предложение в письменном виде.";
        assert_eq!(guess(russian), Some("ru"));
        assert_eq!(guess("Port Velmora 2031"), None);
    }
}
