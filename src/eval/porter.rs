//! The Porter (1980) suffix-stripping stemmer, as ROUGE's `-m` option applies it, written
//! from the algorithm's published description (with the two well-known departures of
//! Porter's own later implementations: `bli → ble` and `logi → log` in step 2).
//!
//! Input is one lowercase word; words that are not plain ASCII letters, or shorter than
//! three letters, come back unchanged.

/// The stem of a lowercase word.
pub fn stem(word: &str) -> String {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = Word(word.as_bytes().to_vec());
    w.step1a();
    w.step1b();
    w.step1c();
    w.step2();
    w.step3();
    w.step4();
    w.step5();
    String::from_utf8(w.0).expect("ASCII in, ASCII out")
}

struct Word(Vec<u8>);

impl Word {
    /// Whether the letter at `i` is a consonant: not a vowel, and `y` only after a vowel
    /// (or at the start).
    fn consonant(&self, i: usize) -> bool {
        match self.0[i] {
            b'a' | b'e' | b'i' | b'o' | b'u' => false,
            b'y' => i == 0 || !self.consonant(i - 1),
            _ => true,
        }
    }

    /// The measure m of the first `len` letters: the number of vowel–consonant sequences
    /// in `[C](VC)^m[V]`.
    fn measure(&self, len: usize) -> usize {
        let mut m = 0;
        let mut i = 0;
        while i < len && self.consonant(i) {
            i += 1;
        }
        loop {
            while i < len && !self.consonant(i) {
                i += 1;
            }
            if i >= len {
                return m;
            }
            while i < len && self.consonant(i) {
                i += 1;
            }
            m += 1;
        }
    }

    fn has_vowel(&self, len: usize) -> bool {
        (0..len).any(|i| !self.consonant(i))
    }

    /// Ends (within the first `len` letters) with a double consonant.
    fn double_consonant(&self, len: usize) -> bool {
        len >= 2 && self.0[len - 1] == self.0[len - 2] && self.consonant(len - 1)
    }

    /// The first `len` letters end consonant–vowel–consonant, the last not w, x or y.
    fn cvc(&self, len: usize) -> bool {
        len >= 3
            && self.consonant(len - 3)
            && !self.consonant(len - 2)
            && self.consonant(len - 1)
            && !matches!(self.0[len - 1], b'w' | b'x' | b'y')
    }

    fn ends(&self, suffix: &str) -> bool {
        self.0.ends_with(suffix.as_bytes())
    }

    /// The length of the stem left when `suffix` is removed.
    fn stem_len(&self, suffix: &str) -> usize {
        self.0.len() - suffix.len()
    }

    fn replace(&mut self, suffix: &str, with: &str) {
        let keep = self.stem_len(suffix);
        self.0.truncate(keep);
        self.0.extend_from_slice(with.as_bytes());
    }

    fn step1a(&mut self) {
        if self.ends("sses") {
            self.replace("sses", "ss");
        } else if self.ends("ies") {
            self.replace("ies", "i");
        } else if !self.ends("ss") && self.ends("s") {
            self.replace("s", "");
        }
    }

    fn step1b(&mut self) {
        if self.ends("eed") {
            if self.measure(self.stem_len("eed")) > 0 {
                self.replace("eed", "ee");
            }
            return;
        }
        let removed = ["ed", "ing"]
            .into_iter()
            .find(|s| self.ends(s) && self.has_vowel(self.stem_len(s)));
        let Some(suffix) = removed else { return };
        self.replace(suffix, "");
        if self.ends("at") || self.ends("bl") || self.ends("iz") {
            self.0.push(b'e');
        } else if self.double_consonant(self.0.len())
            && !matches!(self.0.last(), Some(b'l' | b's' | b'z'))
        {
            self.0.pop();
        } else if self.measure(self.0.len()) == 1 && self.cvc(self.0.len()) {
            self.0.push(b'e');
        }
    }

    fn step1c(&mut self) {
        if self.ends("y") && self.has_vowel(self.stem_len("y")) {
            self.replace("y", "i");
        }
    }

    /// Replaces the longest listed suffix present when the stem's measure exceeds `min`;
    /// a listed suffix whose stem is too short stops the step.
    fn rules(&mut self, rules: &[(&str, &str)], min: usize) {
        let found = rules
            .iter()
            .filter(|(suffix, _)| self.ends(suffix))
            .max_by_key(|(suffix, _)| suffix.len());
        if let Some((suffix, with)) = found {
            if self.measure(self.stem_len(suffix)) > min {
                self.replace(suffix, with);
            }
        }
    }

    fn step2(&mut self) {
        self.rules(
            &[
                ("ational", "ate"),
                ("tional", "tion"),
                ("enci", "ence"),
                ("anci", "ance"),
                ("izer", "ize"),
                ("bli", "ble"),
                ("alli", "al"),
                ("entli", "ent"),
                ("eli", "e"),
                ("ousli", "ous"),
                ("ization", "ize"),
                ("ation", "ate"),
                ("ator", "ate"),
                ("alism", "al"),
                ("iveness", "ive"),
                ("fulness", "ful"),
                ("ousness", "ous"),
                ("aliti", "al"),
                ("iviti", "ive"),
                ("biliti", "ble"),
                ("logi", "log"),
            ],
            0,
        );
    }

    fn step3(&mut self) {
        self.rules(
            &[
                ("icate", "ic"),
                ("ative", ""),
                ("alize", "al"),
                ("iciti", "ic"),
                ("ical", "ic"),
                ("ful", ""),
                ("ness", ""),
            ],
            0,
        );
    }

    fn step4(&mut self) {
        const SUFFIXES: [&str; 19] = [
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion",
            "ou", "ism", "ate", "iti", "ous", "ive", "ize",
        ];
        let Some(suffix) = SUFFIXES
            .iter()
            .filter(|s| self.ends(s))
            .max_by_key(|s| s.len())
        else {
            return;
        };
        let len = self.stem_len(suffix);
        // "-ion" goes only after s or t ("adoption" → "adopt", not "opinion" → "opin").
        let allowed =
            *suffix != "ion" || matches!(self.0.get(len.wrapping_sub(1)), Some(b's' | b't'));
        if allowed && self.measure(len) > 1 {
            self.0.truncate(len);
        }
    }

    fn step5(&mut self) {
        if self.ends("e") {
            let len = self.stem_len("e");
            let m = self.measure(len);
            if m > 1 || (m == 1 && !self.cvc(len)) {
                self.0.pop();
            }
        }
        if self.ends("ll") && self.measure(self.0.len()) > 1 {
            self.0.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn stems_follow_the_published_examples() {
        for (word, expected) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "ti"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("bled", "bled"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("hopping", "hop"),
            ("falling", "fall"),
            ("filing", "file"),
            ("happy", "happi"),
            ("sky", "sky"),
            ("relational", "relat"),
            ("generalizations", "gener"),
            ("oscillators", "oscil"),
            ("adoption", "adopt"),
            ("controlling", "control"),
            ("electricity", "electr"),
            ("hopeful", "hope"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
    }

    #[test]
    fn short_and_non_ascii_words_are_left_alone() {
        assert_eq!(stem("is"), "is");
        assert_eq!(stem("café"), "café");
        assert_eq!(stem("2010"), "2010");
    }
}
