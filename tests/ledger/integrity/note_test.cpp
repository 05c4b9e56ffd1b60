// Goal: signed checkpoints interoperate with Go's golang.org/x/mod/sumdb/note and the C2SP
// specs, round-trip byte for byte, and refuse every malformed or forged input with the right
// status. Method: the published Go and C2SP examples as golden vectors, fresh keys for round
// trips, and tables of mangled base64, key texts, bodies and notes with their expected codes.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "ledger/integrity/base64.h"
#include "ledger/integrity/note.h"
#include "ledger/integrity/note_keys.h"
#include "tests/support/require_ok.h"

namespace ledger {
namespace {

using Code = Status::Code;

// Golden vectors from golang.org/x/mod/sumdb/note: the package documentation (note.go) and
// note_test.go (TestSign, TestOpen, TestNewVerifier, TestVerifierList).
constexpr std::string_view kPeterPrivateKey =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kPeterSeedBase64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kPeterVerifierKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kEnochVerifierKey =
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kPeterSignatureLine =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZS"
    "NXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
constexpr std::string_view kEnochSignatureLine =
    "\xE2\x80\x94 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ"
    "5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

// The examples of c2sp.org/tlog-checkpoint and c2sp.org/signed-note (keys not published).
constexpr std::string_view kC2spCheckpointNote =
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "\xE2\x80\x94 example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcy"
    "v2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";
constexpr std::string_view kC2spQuasimodoNote =
    "Ognuno sta solo sul cuor della terra\n"
    "trafitto da un raggio di sole:\n"
    "\n"
    "ed \xC3\xA8 subito sera.\n"
    "\n"
    "\xE2\x80\x94 quasimodo.example/salvatore "
    "NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouF"
    "SQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";

std::string GoNote() { return std::string(kGoText) + "\n" + std::string(kPeterSignatureLine); }

NoteSigner NewSigner(std::string name) {
  Result<NoteSigner> signer = NoteSigner::Generate(std::move(name));
  REQUIRE_OK(signer);
  return std::move(signer).value();
}

NoteVerifier VerifierOf(const NoteSigner& signer) {
  Result<NoteVerifier> verifier = NoteVerifier::FromVerifierKeyText(signer.VerifierKeyText());
  REQUIRE_OK(verifier);
  return std::move(verifier).value();
}

NoteVerifier ParseVerifier(std::string_view text) {
  Result<NoteVerifier> verifier = NoteVerifier::FromVerifierKeyText(text);
  REQUIRE_OK(verifier);
  return std::move(verifier).value();
}

std::vector<std::uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

Checkpoint SampleCheckpoint() {
  Checkpoint checkpoint;
  checkpoint.origin = "example.org/trajectory-ledger";
  checkpoint.size = 1234;
  for (std::size_t i = 0; i < checkpoint.root.size(); ++i) {
    checkpoint.root[i] = static_cast<std::uint8_t>(i * 7 + 1);
  }
  return checkpoint;
}

std::string Sign(std::string_view body, std::initializer_list<NoteSigner> signers) {
  std::vector<NoteSigner> list(signers);
  Result<std::string> note = SignNote(body, list);
  REQUIRE_OK(note);
  return *note;
}

// A signature line by `name` claiming `key_id`, carrying `signature`.
std::string SignatureLine(std::string_view name, std::uint32_t key_id,
                          std::span<const std::uint8_t> signature) {
  std::vector<std::uint8_t> bytes = {
      static_cast<std::uint8_t>(key_id >> 24), static_cast<std::uint8_t>(key_id >> 16),
      static_cast<std::uint8_t>(key_id >> 8), static_cast<std::uint8_t>(key_id)};
  bytes.insert(bytes.end(), signature.begin(), signature.end());
  return "\xE2\x80\x94 " + std::string(name) + " " + Base64Encode(bytes) + "\n";
}

// The note with bit `bit` of the signature (after the key id) on its first line flipped.
std::string FlipSignatureBit(const std::string& note, std::size_t bit) {
  std::size_t split = note.rfind("\n\n");
  std::string line = note.substr(split + 2, note.find('\n', split + 2) - split - 2);
  std::size_t space = line.rfind(' ');
  std::vector<std::uint8_t> bytes = Base64Decode(line.substr(space + 1)).value();
  bytes[4 + bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
  std::string flipped = line.substr(0, space + 1) + Base64Encode(bytes);
  return note.substr(0, split + 2) + flipped + note.substr(split + 2 + line.size());
}

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// ---- Golden vectors ----

// Go's key-mangling test: every proper substring of `key`, and `key` with each byte bumped.
std::vector<std::string> Mangled(const std::string& key) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i <= key.size(); ++i) {
    for (std::size_t j = i + 1; j <= key.size(); ++j) {
      if (i != 0 || j != key.size()) out.push_back(key.substr(i, j - i));
    }
  }
  for (std::size_t i = 0; i < key.size(); ++i) {
    std::string changed = key;
    ++changed[i];
    out.push_back(changed);
  }
  return out;
}

TEST_CASE("Go's published private key signs its published note byte for byte", "[ledger]") {
  Result<NoteSigner> peter = NoteSigner::FromPrivateKeyText(kPeterPrivateKey);
  REQUIRE_OK(peter);
  CHECK(peter->name() == "PeterNeumann");
  CHECK(peter->key_id() == 0xc74f20a3u);
  CHECK(peter->VerifierKeyText() == kPeterVerifierKey);
  CHECK(peter->PrivateKeyText() == kPeterPrivateKey);
  CHECK(Sign(kGoText, {*peter}) == GoNote());
}

TEST_CASE("Go's published signatures verify before the body is read as a checkpoint", "[ledger]") {
  NoteVerifier peter = ParseVerifier(kPeterVerifierKey);
  NoteVerifier enoch = ParseVerifier(kEnochVerifierKey);
  CHECK(enoch.key_id() == 0xaf0cfe78u);
  for (auto [verifier, line] :
       {std::pair{peter, kPeterSignatureLine}, std::pair{enoch, kEnochSignatureLine}}) {
    std::string_view base64 = line.substr(line.rfind(' ') + 1);
    base64.remove_suffix(1);
    std::vector<std::uint8_t> signature = Base64Decode(base64).value();
    CHECK(verifier.Verify(kGoText, std::span(signature).subspan(4)));
    CHECK_FALSE(verifier.Verify("other text\n", std::span(signature).subspan(4)));
  }
  // Verified, then refused only because Go's text is not a checkpoint body.
  std::string both = GoNote() + std::string(kEnochSignatureLine);
  std::vector<NoteVerifier> known = {peter, enoch};
  Result<Checkpoint> opened = OpenCheckpoint(both, known);
  CHECK(opened.status().code() == Code::kInvalidArgument);
  CHECK_THAT(opened.status().message(), Catch::Contains("checkpoint line 2"));
  CHECK(OpenCheckpoint(both, {}).status().code() == Code::kVerificationFailed);
}

TEST_CASE("the C2SP examples parse, but their unpublished keys sign nothing we know", "[ledger]") {
  std::string_view body = kC2spCheckpointNote.substr(0, kC2spCheckpointNote.find("\n\n") + 1);
  Result<Checkpoint> checkpoint = Checkpoint::ParseBody(body);
  REQUIRE_OK(checkpoint);
  CHECK(checkpoint->origin == "example.com/behind-the-sofa");
  CHECK(checkpoint->size == 20852163u);
  CHECK(Base64Encode(checkpoint->root) == "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  CHECK(checkpoint->Body() == body);

  std::vector<NoteVerifier> known = {ParseVerifier(kPeterVerifierKey)};
  for (std::string_view note : {kC2spCheckpointNote, kC2spQuasimodoNote}) {
    Result<Checkpoint> opened = OpenCheckpoint(note, known);
    CHECK(opened.status().code() == Code::kVerificationFailed);
    CHECK_THAT(opened.status().message(), Catch::Contains("no signature by a known key"));
  }
}

TEST_CASE("every truncation or one-byte change of Go's verifier key is refused", "[ledger]") {
  // Go's TestNewVerifier manglings, plus its wrong-length and unknown-algorithm keys whose
  // key ids were adjusted to match.
  std::vector<std::string> bad = {
      "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
      "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"};
  std::string key(kPeterVerifierKey);
  for (std::string& text : Mangled(key)) bad.push_back(std::move(text));
  for (const std::string& text : bad) {
    INFO(text);
    CHECK(NoteVerifier::FromVerifierKeyText(text).status().code() == Code::kInvalidArgument);
  }
  CHECK_THAT(NoteVerifier::FromVerifierKeyText(bad[1]).status().message(),
             Catch::Contains("unknown key algorithm 0x65"));
}

TEST_CASE("every mangled Go private key is refused without echoing the secret", "[ledger]") {
  std::string key(kPeterPrivateKey);
  std::vector<std::string> bad;
  for (std::string& text : Mangled(key)) bad.push_back(std::move(text));
  for (const std::string& text : bad) {
    INFO(text);
    Status status = NoteSigner::FromPrivateKeyText(text).status();
    REQUIRE(status.code() == Code::kInvalidArgument);
    for (std::size_t at = 0; at + 6 <= kPeterSeedBase64.size(); ++at) {
      std::string window(kPeterSeedBase64.substr(at, 6));
      REQUIRE_THAT(status.message(), !Catch::Contains(window));
    }
  }
}

// ---- Round trips ----

TEST_CASE("a signed checkpoint opens to the same checkpoint and re-signs byte for byte",
          "[ledger]") {
  NoteSigner log = NewSigner("example.org/trajectory-ledger");
  NoteSigner witness = NewSigner("witness.example/w1");
  Checkpoint checkpoint = SampleCheckpoint();
  checkpoint.extensions = {"extension one", "\xC3\xA9tape 2"};
  std::string note = Sign(checkpoint.Body(), {log, witness});
  CHECK(note.starts_with(checkpoint.Body() + "\n\xE2\x80\x94 example.org/trajectory-ledger "));

  for (const NoteSigner& known : {log, witness}) {
    std::vector<NoteVerifier> verifiers = {VerifierOf(known)};
    Result<Checkpoint> opened = OpenCheckpoint(note, verifiers);
    REQUIRE_OK(opened);
    CHECK(*opened == checkpoint);
    CHECK(Sign(opened->Body(), {log, witness}) == note);
  }
}

TEST_CASE("checkpoint bodies round-trip through Body and ParseBody", "[ledger]") {
  Checkpoint empty_tree;
  empty_tree.origin = "o";
  Checkpoint largest = SampleCheckpoint();
  largest.size = UINT64_MAX;
  largest.root.fill(0xff);
  Checkpoint extended = SampleCheckpoint();
  extended.extensions = {"a", "b c", "+/=\xE2\x80\x94"};
  for (const Checkpoint& checkpoint : {empty_tree, largest, SampleCheckpoint(), extended}) {
    Result<Checkpoint> parsed = Checkpoint::ParseBody(checkpoint.Body());
    REQUIRE_OK(parsed);
    CHECK(*parsed == checkpoint);
  }
  CHECK(empty_tree.Body() == "o\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
  CHECK(largest.Body().find("\n18446744073709551615\n") != std::string::npos);
}

TEST_CASE("private and verifier key texts round-trip to keys that sign identically", "[ledger]") {
  NoteSigner signer = NewSigner("example.org/log");
  CHECK(signer.PrivateKeyText().starts_with("PRIVATE+KEY+example.org/log+"));
  Result<NoteSigner> reloaded = NoteSigner::FromPrivateKeyText(signer.PrivateKeyText());
  REQUIRE_OK(reloaded);
  CHECK(reloaded->key_id() == signer.key_id());
  CHECK(reloaded->PrivateKeyText() == signer.PrivateKeyText());
  CHECK(reloaded->VerifierKeyText() == signer.VerifierKeyText());
  CHECK(reloaded->Sign("message\n").value() == signer.Sign("message\n").value());

  NoteVerifier verifier = VerifierOf(signer);
  CHECK(verifier.VerifierKeyText() == signer.VerifierKeyText());
  CHECK(verifier.key_id() == signer.key_id());
  CHECK(verifier.name() == "example.org/log");
  Ed25519Signature signature = signer.Sign("message\n").value();
  CHECK(verifier.Verify("message\n", signature));
  CHECK_FALSE(verifier.Verify("message\n", std::span(signature).first(63)));
  signature[10] ^= 0x04;
  CHECK_FALSE(verifier.Verify("message\n", signature));

  // Go accepts upper-case key ids; the canonical text is lower case.
  std::string upper = Replace(std::string(kPeterVerifierKey), "c74f20a3", "C74F20A3");
  CHECK(ParseVerifier(upper).VerifierKeyText() == kPeterVerifierKey);
}

TEST_CASE("copies of one signer sign the same bytes from many threads at once", "[ledger]") {
  NoteSigner signer = NewSigner("threads.example");
  NoteVerifier verifier = VerifierOf(signer);
  Ed25519Signature expected = signer.Sign("shared\n").value();
  std::vector<int> failures(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t, copy = signer] {
      for (int i = 0; i < 50; ++i) {
        Result<Ed25519Signature> signature = copy.Sign("shared\n");
        bool good =
            signature.ok() && *signature == expected && verifier.Verify("shared\n", *signature);
        if (!good) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures == std::vector<int>(4, 0));
}

// ---- Which signatures count ----

TEST_CASE("signature lines by unknown keys are ignored", "[ledger]") {
  NoteSigner log = NewSigner("log.example");
  NoteSigner stranger = NewSigner("stranger.example");
  std::string body = SampleCheckpoint().Body();
  std::vector<NoteVerifier> known = {VerifierOf(log)};
  Ed25519Signature garbage{};
  // Same name with another key id, same key id under another name: both unknown keys.
  std::string same_name = SignatureLine("log.example", log.key_id() ^ 1, garbage);
  std::string same_id = SignatureLine("other.example", log.key_id(), garbage);
  std::vector<std::string> notes = {Sign(body, {log, stranger}), Sign(body, {stranger, log}),
                                    Sign(body, {log}) + std::string(kEnochSignatureLine),
                                    Sign(body, {log}) + same_name + same_id};
  for (const std::string& note : notes) {
    INFO(note);
    Result<Checkpoint> opened = OpenCheckpoint(note, known);
    REQUIRE_OK(opened);
    CHECK(*opened == SampleCheckpoint());
  }
}

TEST_CASE("a known key's signature that fails to verify rejects the note", "[ledger]") {
  NoteSigner log = NewSigner("log.example");
  NoteSigner witness = NewSigner("witness.example");
  std::string note = Sign(SampleCheckpoint().Body(), {log, witness});
  std::vector<NoteVerifier> known = {VerifierOf(log), VerifierOf(witness)};
  REQUIRE_OK(OpenCheckpoint(note, known));
  std::vector<std::string> forged = {
      FlipSignatureBit(note, 0), FlipSignatureBit(note, 300), FlipSignatureBit(note, 511),
      Replace(note, "example.org/", "example.orh/"), Replace(note, "\n1234\n", "\n1235\n"),
      Replace(note, "\n1234\n", "\n12340\n"),
      // The log's name and key id, but the witness's signature bytes.
      SampleCheckpoint().Body() + "\n" +
          SignatureLine("log.example", log.key_id(),
                        witness.Sign(SampleCheckpoint().Body()).value())};
  for (const std::string& bad : forged) {
    INFO(bad);
    Result<Checkpoint> opened = OpenCheckpoint(bad, known);
    CHECK(opened.status().code() == Code::kVerificationFailed);
    CHECK_THAT(opened.status().message(), Catch::Contains("does not verify"));
  }
  // The message names the key: "log.example+<key id>", as its verifier key text starts.
  std::string label = log.VerifierKeyText().substr(0, std::string("log.example+").size() + 8);
  Result<Checkpoint> opened = OpenCheckpoint(FlipSignatureBit(note, 7), known);
  CHECK_THAT(opened.status().message(), Catch::Contains("known key " + label));
}

TEST_CASE("a note signed only by unknown keys is rejected", "[ledger]") {
  NoteSigner stranger = NewSigner("stranger.example");
  std::string note = Sign(SampleCheckpoint().Body(), {stranger});
  std::vector<NoteVerifier> known = {VerifierOf(NewSigner("log.example"))};
  for (std::span<const NoteVerifier> keys :
       {std::span<const NoteVerifier>(known), std::span<const NoteVerifier>()}) {
    Result<Checkpoint> opened = OpenCheckpoint(note, keys);
    CHECK(opened.status().code() == Code::kVerificationFailed);
    CHECK_THAT(opened.status().message(), Catch::Contains("no signature by a known key"));
    CHECK_THAT(opened.status().message(), Catch::Contains("stranger.example+"));
  }
}

TEST_CASE("a key list with two keys of one name and key id is refused when used", "[ledger]") {
  NoteVerifier peter = ParseVerifier(kPeterVerifierKey);
  NoteVerifier enoch = ParseVerifier(kEnochVerifierKey);
  std::vector<NoteVerifier> ambiguous = {enoch, peter, enoch};
  std::string enoch_note = std::string(kGoText) + "\n" + std::string(kEnochSignatureLine);
  Result<Checkpoint> opened = OpenCheckpoint(enoch_note, ambiguous);
  CHECK(opened.status().code() == Code::kInvalidArgument);
  CHECK_THAT(opened.status().message(), Catch::Contains("ambiguous: two are EnochRoot+af0cfe78"));
  // Unused, the duplicate does not matter (as in Go): Peter's signature verifies.
  CHECK_THAT(OpenCheckpoint(GoNote(), ambiguous).status().message(),
             Catch::Contains("checkpoint line 2"));
}

// ---- Malformed input, table-driven ----

TEST_CASE("base64 encodes the RFC 4648 vectors and decodes only canonical text", "[ledger]") {
  // RFC 4648 section 10.
  std::vector<std::pair<std::string_view, std::string_view>> vectors = {{"", ""},
                                                                        {"f", "Zg=="},
                                                                        {"fo", "Zm8="},
                                                                        {"foo", "Zm9v"},
                                                                        {"foob", "Zm9vYg=="},
                                                                        {"fooba", "Zm9vYmE="},
                                                                        {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    CHECK(Base64Encode(Bytes(plain)) == encoded);
    CHECK(Base64Decode(encoded).value() == Bytes(plain));
  }
  std::vector<std::uint8_t> all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<std::uint8_t>(255 - i));
  for (std::size_t size : {1, 2, 3, 4, 5, 255, 256}) {
    std::vector<std::uint8_t> bytes(all.begin(), all.begin() + static_cast<long>(size));
    CHECK(Base64Decode(Base64Encode(bytes)).value() == bytes);
  }
  // Bad length, misplaced or excess padding, non-zero bits under the padding, characters
  // outside the standard alphabet (URL-safe ones, whitespace, NUL, non-ASCII).
  std::vector<std::string> bad = {
      "Zg",     "Zg=",      "Zm9",  "Zm9vY", "Zh==",   "Zm9=", "Z===", "====",
      "=Zg=",   "Zg==Zg==", "Zm-v", "Zm_v",  "Zm9v\n", " Zm9", "Zm9 ", std::string("Zm\0v", 4),
      "Zm9\xff"};
  for (const std::string& text : bad) {
    INFO(text);
    CHECK(Base64Decode(text).status().code() == Code::kInvalidArgument);
  }
}

TEST_CASE("key names must be non-empty, without spaces, control characters or '+'", "[ledger]") {
  std::vector<std::string> bad = {
      "",      "a b",        "a+b",          "a\tb",           "a\nb",           "a\x01",
      "a\x7f", "a\xC2\xA0z", "a\xC2\x85z",   "a\xE2\x80\x80z", "a\xE2\x80\xA8z", "a\xE3\x80\x80z",
      "\xff",  "\xC0\xAF",   "\xED\xA0\x80", "a\xE2\x80"};
  for (const std::string& name : bad) {
    INFO(name);
    CHECK_FALSE(IsValidNoteKeyName(name));
    CHECK(NoteSigner::Generate(name).status().code() == Code::kInvalidArgument);
  }
  for (std::string name : {"example.com/log42", "PeterNeumann", "\xC3\xA9t\xC3\xA9", "a=b:c"}) {
    INFO(name);
    CHECK(IsValidNoteKeyName(name));
    CHECK_OK(NoteSigner::Generate(name));
  }
}

TEST_CASE("malformed key texts are refused, naming what is wrong", "[ledger]") {
  std::string key = "+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  std::vector<std::uint8_t> seed = Base64Decode(kPeterSeedBase64).value();
  std::vector<std::uint8_t> ecdsa = seed;
  ecdsa[0] = 0x02;
  std::vector<std::uint8_t> short_seed(seed.begin(), seed.end() - 1);
  std::vector<std::pair<std::string, std::string>> verifier_cases = {
      {"PeterNeumann", "no '+' after the key name"},
      {"PeterNeumann+c74f20a3", "no '+' after the key id"},
      {"Peter+Neumann+c74f20a3" + key, "not 8 hex digits"},
      {"Peter Neumann+c74f20a3" + key, "key name 'Peter Neumann'"},
      {"PeterNeumann+c74f20a" + key, "not 8 hex digits"},
      {"PeterNeumann+c74f20g3" + key, "not 8 hex digits"},
      {"PeterNeumann+c74f20a3+", "the key is empty"},
      {"PeterNeumann+c74f20a3+ARpc", "an Ed25519 key is 32 bytes"},
      {"PeterNeumann+c74f20a3+ARpc2Qc", "not valid base64"},
      {"PeterNeumann+c74f20a4" + key, "key id c74f20a4 does not match"},
      {"EnochRoot+c74f20a3" + key, "whose id under the name 'EnochRoot'"}};
  for (const auto& [text, message] : verifier_cases) {
    INFO(text);
    Status status = NoteVerifier::FromVerifierKeyText(text).status();
    CHECK(status.code() == Code::kInvalidArgument);
    CHECK_THAT(status.message(), Catch::Contains(message));
  }
  std::vector<std::pair<std::string, std::string>> private_cases = {
      {std::string(kPeterVerifierKey), "does not start with 'PRIVATE+KEY+'"},
      {"PRIVATE+KEY+PeterNeumann+c74f20a3+" + Base64Encode(ecdsa), "unknown key algorithm 0x02"},
      {"PRIVATE+KEY+PeterNeumann+c74f20a3+" + Base64Encode(short_seed), "got 31"},
      {"PRIVATE+KEY+PeterNeumann+c74f20a4+" + std::string(kPeterSeedBase64),
       "the key id does not match the key, whose id under that name is c74f20a3"},
      {"PRIVATE+KEY+Peter Neumann+c74f20a3+" + std::string(kPeterSeedBase64), "key name is"}};
  for (const auto& [text, message] : private_cases) {
    INFO(text);
    Status status = NoteSigner::FromPrivateKeyText(text).status();
    CHECK(status.code() == Code::kInvalidArgument);
    CHECK_THAT(status.message(), Catch::Contains(message));
  }
}

TEST_CASE("malformed checkpoint bodies are refused, naming the line", "[ledger]") {
  const std::string root = "\n" + Base64Encode(SampleCheckpoint().root) + "\n";
  std::vector<std::pair<std::string, std::string>> cases = {
      {"", "line 1: missing the origin"},
      {"origin", "line 1: does not end with a newline"},
      {"o\n5\n", "line 3: missing the root hash"},
      {"\n5" + root, "line 1: the origin is empty"},
      {"o\r\n5" + root, "line 1: control character 0x0d"},
      {"o\xff\n5" + root, "line 1: invalid UTF-8"},
      {"o\n\n" + root.substr(1), "line 2: the line is empty"},
      {"o\n05" + root, "line 2: tree size '05' has a leading zero"},
      {"o\n00" + root, "line 2: tree size '00' has a leading zero"},
      {"o\n+5" + root, "line 2: tree size '+5' is not a decimal number"},
      {"o\n-5" + root, "line 2: tree size '-5' is not a decimal number"},
      {"o\n 5" + root, "line 2: tree size ' 5' is not a decimal number"},
      {"o\n5 " + root, "line 2: tree size '5 ' is not a decimal number"},
      {"o\n0x5" + root, "line 2: tree size '0x5' is not a decimal number"},
      {"o\n18446744073709551616" + root, "line 2: tree size '18446744073709551616' exceeds"},
      {"o\n5\n" + Base64Encode(std::vector<std::uint8_t>(31)) + "\n", "decodes to 31 bytes"},
      {"o\n5\n" + Base64Encode(std::vector<std::uint8_t>(33)) + "\n", "decodes to 33 bytes"},
      {"o\n5\nAAAA\n", "line 3: root hash 'AAAA' decodes to 3 bytes"},
      {"o\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n", "line 3: root hash"},
      {"o\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n", "not zero"},
      {"o\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-AAAAAAAAAA=\n", "not valid base64"},
      {"o\n5" + root + "\n", "line 4: the line is empty"},
      {"o\n5" + root + "ext", "line 4: does not end with a newline"},
      {"o\n5" + root + "ext\n\x01\n", "line 5: control character 0x01"}};
  for (const auto& [body, message] : cases) {
    INFO(body);
    Status status = Checkpoint::ParseBody(body).status();
    CHECK(status.code() == Code::kInvalidArgument);
    CHECK_THAT(status.message(),
               Catch::Contains("checkpoint " + message) || Catch::Contains(message));
  }
  CHECK(Checkpoint::ParseBody("o\n0" + root)->size == 0);
  CHECK(Checkpoint::ParseBody("o\n18446744073709551615" + root)->size == UINT64_MAX);
}

TEST_CASE("SignNote refuses bodies and signer lists that cannot make a valid note", "[ledger]") {
  NoteSigner log = NewSigner("log.example");
  std::vector<NoteSigner> one = {log};
  std::vector<std::pair<std::string, std::string>> cases = {
      {"", "must end with a newline"},
      {"no newline", "must end with a newline"},
      {"a\n\nb\n", "must not contain an empty line"},
      {"\na\n", "must not contain an empty line"},
      {"a\rb\n", "control character 0x0d"},
      {"a\xff\n", "invalid UTF-8"},
      {std::string(kNoteBytesMax, 'a') + "\n", "over the limit"}};
  for (const auto& [body, message] : cases) {
    INFO(body.substr(0, 20));
    Status status = SignNote(body, one).status();
    CHECK(status.code() == Code::kInvalidArgument);
    CHECK_THAT(status.message(), Catch::Contains(message));
  }
  std::string body = SampleCheckpoint().Body();
  CHECK(SignNote(body, {}).status().code() == Code::kInvalidArgument);
  std::vector<NoteSigner> too_many(kNoteSignatureLinesMax + 1, log);
  CHECK(SignNote(body, too_many).status().code() == Code::kInvalidArgument);
}

TEST_CASE("malformed notes are refused with the expected code", "[ledger]") {
  NoteSigner log = NewSigner("log.example");
  std::vector<NoteVerifier> known = {VerifierOf(log)};
  const std::string body = SampleCheckpoint().Body();
  const std::string note = Sign(body, {log});
  const std::string line = note.substr(body.size() + 1);
  const std::size_t space = line.rfind(' ');
  const std::string base64 = line.substr(space + 1, line.size() - space - 2);
  std::string repeated_100;
  for (std::size_t i = 0; i < kNoteSignatureLinesMax; ++i) repeated_100 += line;
  REQUIRE_OK(OpenCheckpoint(body + "\n" + repeated_100, known));  // The limit itself is fine.

  const std::string dash = "\xE2\x80\x94 ";
  struct Case {
    std::string what;
    std::string note;
    std::string message;
  };
  std::vector<Case> cases = {
      {"bad base64", body + "\n" + dash + "log.example !" + base64.substr(1) + "\n", "base64"},
      {"signature shorter than a key id", body + "\n" + dash + "log.example AAA=\n", "fewer"},
      {"key name with '+'", body + "\n" + dash + "log+example " + base64 + "\n", "key name"},
      {"empty key name", body + "\n" + dash + " " + base64 + "\n", "key name ''"},
      {"missing em dash", body + "\n- log.example " + base64 + "\n", "em dash"},
      {"em dash without a space", body + "\n\xE2\x80\x94log.example " + base64 + "\n", "em dash"},
      {"no space after the key name", body + "\n" + dash + "log.example\n", "no space"},
      {"no blank line", body + line, "no blank line"},
      {"no signature lines", body + "\n", "no signature lines"},
      {"blank line after the signatures", note + "\n", "no signature lines"},
      {"last line without newline", note.substr(0, note.size() - 1), "does not end"},
      {"trailing garbage", note + "garbage\n", "signature line 2"},
      {"carriage return", Replace(note, "\n", "\r\n"), "control character 0x0d"},
      {"tab in a signature line", Replace(note, "log.example ", "log.example\t"), "0x09"},
      {"NUL", std::string(1, '\0') + note, "control character 0x00"},
      {"invalid UTF-8", "\xff" + note, "invalid UTF-8 at byte offset 0"},
      {"overlong UTF-8", Replace(note, "example.org/", "example.org\xC0\xAF"), "invalid UTF-8"},
      {"UTF-8 surrogate", Replace(note, "example.org/", "\xED\xA0\x80"), "invalid UTF-8"},
      {"over 1 MiB", std::string(kNoteBytesMax - body.size(), 'a') + note, "over the limit"},
      {"101 signature lines", body + "\n" + repeated_100 + line, "more than 100"},
      {"leading zero in the size", Sign("o\n01\n" + Base64Encode(Hash{}) + "\n", {log}),
       "checkpoint line 2"},
      {"root of 31 bytes",
       Sign("o\n1\n" + Base64Encode(std::vector<std::uint8_t>(31)) + "\n", {log}),
       "checkpoint line 3"},
      {"missing root", Sign("o\n1\n", {log}), "checkpoint line 3"}};
  for (const Case& c : cases) {
    INFO(c.what);
    Status status = OpenCheckpoint(c.note, known).status();
    CHECK(status.code() == Code::kInvalidArgument);
    CHECK_THAT(status.message(), Catch::Contains(c.message));
  }
}

}  // namespace
}  // namespace ledger
