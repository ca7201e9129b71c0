// TextAnalysis — text → terms for Passerelle (French mostly, some English).
//
// Public entry points
//   FrenchEnglishAnalyzer ("fr-en-v2", "fr-en-v1")  per-paragraph language, Snowball stemming,
//                                        inclusive/gendered forms unified, accent-insensitive terms,
//                                        hyphenated compounds, multi-word phrases of the field. New models
//                                        get v1 (AnalyzerCatalog); v2 (more feminines folded) on request.
//   PlainAnalyzer ("plain-v1")          scikit-learn TfidfVectorizer(strip_accents="unicode") tokens.
//   LanguageIdentifier                  fr / en / other with a confidence, per text or per paragraph.
//   FrenchStemmer, EnglishStemmer       Snowball French and English (Porter2) stemmers.
//   StopWords, Phrases                  the project's lists.
//
// Pipeline of FrenchEnglishAnalyzer (all offsets are Unicode scalar offsets into the original text)
//   1. UTF-8 → scalar array; paragraphs (blank-line separated) get a language (LanguageIdentifier;
//      unsure → the document's language; unsure document → French; confidently other → no stemming).
//   2. WordScanner: letters/digits runs, lower-cased, NFC; elisions (l’ d’ qu’ jusqu’ …, every
//      apostrophe variant) dropped; inclusive markup stripped (agent·e, chargé(e), médiateurs/trices,
//      candidat.e.s, agent-e …); bound prefixes merged (co-construction = coconstruction); other
//      hyphenated compounds split into words + a compound term; punctuation breaks phrases.
//   3. Per distinct word (memoized per thread): stop word? (accent-folded lists) → French: unaccented
//      -ite/-ee restored to -ité/-ée, feminine → masculine (-trice → -teur, -euse → -eur for agent
//      nouns, -ère → -er, -ive → -if, -enne, -elle, -ette, cheffe, designeuse; v2 first: the words of
//      GenderTable, checked against a general word list — livreuse, trieuse → -eur, méticuleuse stays an
//      -eux adjective, hôtesse → hôte, demanderesse → demandeur), -ers plural s dropped,
//      Snowball French; English: Porter2; other: none → accents folded → term.
//   4. Phrase terms (stems joined by "_") emitted right after their last word, spanning the phrase;
//      connector stop words (de, des, du, la, of, the…) may sit inside a phrase.
