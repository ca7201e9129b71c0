// The binary runner (`CLI`) and the shipped-model fixtures live in the test-support target
// (Tests/PasserelleTestSupport), shared with the other test targets: one `index` of the shipped postings
// per test process, whichever target asks first.
import PasserelleTestSupport
