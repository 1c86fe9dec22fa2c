//! Text analysis for expert search: the one function that turns a problem statement, a term of
//! a researcher's profile, a glossary entry or a keyword into index keys, so that all of them
//! meet on the same keys.
//!
//! 1. The text is cut into words at every character that is not a letter or a digit
//!    (Vietnamese is written one syllable per word, so a word is a syllable there).
//! 2. Each word is [`crate::text::fold`]ed: NFD, diacritics dropped, `đ` → `d`, lower case —
//!    `Lũ quét`, `lu quet` and `LŨ QUÉT` are the same two keys.
//! 3. Stop words go: English function words and generic research words (`using`, `novel`,
//!    `approach`), Vietnamese function syllables (`và`, `của`, `các`, `cho`, …; only syllables
//!    that are not, folded, also a content syllable — `đê` (dyke) folds like `để` (in order to)
//!    and is kept), and generic Vietnamese task phrases of two syllables (`nghiên cứu`,
//!    `ứng dụng`, `phát triển`, `giải pháp`, `đề xuất`) removed as phrases, so that `ung thư`
//!    (cancer) keeps its `ung`. Numbers and one-letter words go too.
//! 4. The rest is stemmed with the Snowball English stemmer (`rust-stemmers`): `forecasting`,
//!    `forecasts` → `forecast`. Folded Vietnamese syllables pass through it unchanged (they end
//!    in a vowel, `c`, `ch`, `m`, `n`, `ng`, `nh`, `p` or `t`, which no English suffix rule
//!    takes off), so one stemmer serves both languages and a text without diacritics.
//! 5. Besides each word (a unigram) the analysis yields each pair of neighbouring kept words as
//!    a bigram key (`lu quet`, `flash flood`): Vietnamese compounds and English noun phrases
//!    are matched as wholes, more strongly than their parts.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashSet;

/// English words (folded) that say nothing about a topic.
const EN_STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "among",
    "an",
    "and",
    "any",
    "approach",
    "approaches",
    "are",
    "as",
    "at",
    "based",
    "be",
    "been",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "here",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "method",
    "methods",
    "more",
    "most",
    "new",
    "no",
    "nor",
    "not",
    "novel",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "paper",
    "proposed",
    "same",
    "should",
    "so",
    "some",
    "such",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "use",
    "used",
    "using",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
];

/// Vietnamese function syllables, folded, chosen so that none is also (folded) a content
/// syllable of the priority fields' vocabulary: và, của, các, cho, một, là, theo, đến,
/// khi is not one (`khí`, gas), này, hoặc, như, rất, sẽ, đang, vào, nhằm, giữa, việc. Left
/// out on purpose: `tại` (`tài nguyên`), `về` (`bảo vệ`), `từ` (`tự động`), `trong`
/// (`cây trồng`), `được` (`dược`), `cũng` (`cung ứng`), `mà` (`ma sát`), `thì` (`đô thị`),
/// `có` (`cơ khí`), `qua` (`hiệu quả`), `nhiều` (`nhiễu`), `bằng` (`băng tải`), `những`
/// (`hệ thống nhúng`).
const VI_STOP: &[&str] = &[
    "va", "cua", "cac", "cho", "mot", "la", "theo", "den", "nay", "hoac", "nhu", "rat", "se",
    "dang", "vao", "nham", "giua", "viec",
];

/// Generic Vietnamese task phrases (folded syllable pairs), removed as phrases: nghiên cứu,
/// ứng dụng, phát triển, giải pháp, đề xuất, đánh giá, xây dựng hệ thống is kept (xây dựng is
/// construction).
const VI_STOP_PHRASES: &[(&str, &str)] = &[
    ("nghien", "cuu"),
    ("ung", "dung"),
    ("phat", "trien"),
    ("giai", "phap"),
    ("de", "xuat"),
    ("danh", "gia"),
];

/// One kept word: its key and its position among the words of the text (neighbours have
/// consecutive positions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub key: String,
    pub pos: usize,
}

/// The analyser: stemmer and stop lists, built once.
pub struct Analyzer {
    stemmer: Stemmer,
    stop: FxHashSet<&'static str>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new()
    }
}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
            stop: EN_STOP.iter().chain(VI_STOP).copied().collect(),
        }
    }

    /// The kept words of `text`, in order, with their positions (steps 1–4 of the module doc).
    pub fn words(&self, text: &str) -> Vec<Word> {
        let folded = crate::text::fold(text);
        let raw: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let mut drop = vec![false; raw.len()];
        for i in 0..raw.len().saturating_sub(1) {
            if VI_STOP_PHRASES.contains(&(raw[i], raw[i + 1])) {
                drop[i] = true;
                drop[i + 1] = true;
            }
        }
        let mut out = Vec::new();
        for (pos, w) in raw.iter().enumerate() {
            if drop[pos]
                || w.chars().count() < 2
                || w.chars().all(|c| c.is_numeric())
                || self.stop.contains(w)
            {
                continue;
            }
            out.push(Word {
                key: self.stemmer.stem(w).into_owned(),
                pos,
            });
        }
        out
    }

    /// The keys of `text`: every kept word, then every bigram of neighbouring kept words
    /// (`"a b"`), each key once, in order of first appearance.
    pub fn keys(&self, text: &str) -> Vec<String> {
        let words = self.words(text);
        let mut out: Vec<String> = Vec::new();
        let mut push = |k: String| {
            if !out.contains(&k) {
                out.push(k);
            }
        };
        for w in &words {
            push(w.key.clone());
        }
        for b in bigrams(&words) {
            push(b);
        }
        out
    }
}

/// The bigram keys of neighbouring words (consecutive positions).
pub fn bigrams(words: &[Word]) -> Vec<String> {
    words
        .windows(2)
        .filter(|p| p[1].pos == p[0].pos + 1)
        .map(|p| format!("{} {}", p[0].key, p[1].key))
        .collect()
}

/// Whether a key is a bigram.
pub fn is_bigram(key: &str) -> bool {
    key.contains(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        Analyzer::new().keys(s)
    }

    #[test]
    fn vietnamese_with_and_without_diacritics_meet() {
        assert_eq!(keys("Lũ quét"), ["lu", "quet", "lu quet"]);
        assert_eq!(keys("lu quet"), keys("LŨ QUÉT"));
        assert_eq!(keys("Thuỷ lợi"), keys("thủy lợi"));
    }

    #[test]
    fn english_is_stemmed_and_stop_words_cut_bigrams() {
        // "for" is a stop word: "maintenance" and "metro" are not neighbours.
        assert_eq!(
            keys("Predictive maintenance for metro rolling stock"),
            [
                "predict",
                "mainten",
                "metro",
                "roll",
                "stock",
                "predict mainten",
                "metro roll",
                "roll stock"
            ]
        );
        assert_eq!(
            keys("forecasting floods"),
            ["forecast", "flood", "forecast flood"]
        );
        assert_eq!(keys("Flood forecasts")[..2], ["flood", "forecast"]);
    }

    #[test]
    fn generic_vietnamese_phrases_go_but_their_syllables_stay_elsewhere() {
        // "nghiên cứu ứng dụng" is generic; "ung thư" (cancer) keeps "ung".
        assert_eq!(keys("Nghiên cứu ứng dụng"), Vec::<String>::new());
        assert_eq!(keys("ung thư"), ["ung", "thu", "ung thu"]);
        // Function syllables go; "đê" (dyke) stays.
        assert_eq!(keys("của các đê"), ["de"]);
    }

    #[test]
    fn numbers_and_single_letters_go() {
        assert_eq!(keys("5G x 2020 IoT"), ["5g", "iot"]);
    }
}
