/// The examples at the end of each command's `--help`, on the files the repository ships where there
/// are such files. `HelpExamplesTests` parses every one with the real command tree, so an option renamed
/// or removed cannot leave an example that no longer runs.
enum HelpExamples {
    static let byCommand: [String: [String]] = [
        "rank": [
            "passerelle rank --cv Data/candidates/cv-fr-mediation.txt",
            "passerelle rank --cv cv.pdf --top 5 --where location~Montréal",
            "passerelle rank --cv cv.docx --format html --out report.html",
        ],
        "similar": [
            "passerelle similar en-community-organizer-montreal --top 5",
            "passerelle similar new-posting.txt --format json",
        ],
        "batch": [
            "passerelle batch --candidates Data/candidates --format csv --out list.csv",
            "passerelle batch --candidates pool.jsonl --min-score 0.34 --explain",
            "passerelle batch --candidates pool.jsonl --out rows.jsonl --resume",
            "passerelle batch --candidates pool.jsonl --shard 2/4 --out part2.jsonl",
        ],
        "index": [
            "passerelle index Data/postings",
            "passerelle index board.jsonl --out Models/board.plm --dims 150",
            "passerelle index postings.csv --text-column description --out board.plm",
        ],
        "info": ["passerelle info", "passerelle info --model Models/board.plm --ids"],
        "add": ["passerelle add new-postings/ --model Models/board.plm"],
        "remove": ["passerelle remove expired-1 expired-2 --model Models/board.plm"],
        "compact": ["passerelle compact --model Models/board.plm"],
        "merge": ["passerelle merge part1.jsonl part2.jsonl --out rows.jsonl"],
        "competencies": [
            "passerelle competencies Data/candidates/cv-fr-mediation.txt",
            "passerelle competencies Data/postings/seed-exeko-pratiques.txt --posting",
        ],
        "analyze": ["passerelle analyze Data/candidates/cv-en-design.txt"],
        "eval": ["passerelle eval --queries queries.jsonl --qrels judgments.qrels"],
        "france-travail": [
            "passerelle import france-travail Data/imports/france-travail-page.json",
            "passerelle import france-travail offers/ --out offers.jsonl",
        ],
        "jobposting": [
            "passerelle import jobposting Data/imports/jobposting.html",
            "passerelle import jobposting saved-pages/ --out postings.jsonl",
        ],
        "rome": ["passerelle import rome ../shared/data/rome --out rome.jsonl"],
        "serve": ["passerelle serve", "passerelle serve --model Models/board.plm --port 9000"],
        "esco": ["passerelle import esco ../shared/data/esco --lang fr --out esco.jsonl"],
    ]

    /// Longest example, so that help never wraps one (80 columns, 2 of indent).
    static let maximumLength = 76

    /// `text`, then the command's examples under "Examples:".
    static func discussion(_ text: String, command: String) -> String {
        let examples = byCommand[command] ?? []
        guard !examples.isEmpty else { return text }
        return (text.isEmpty ? "" : text + "\n\n") + "Examples:\n" + examples.map { "  " + $0 }.joined(separator: "\n")
    }
}
