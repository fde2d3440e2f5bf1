// clasp/masker.h — masking the values bound to a run out of its output.
//
// Paperclip's redactor matches key names only: a token a tool echoes, passes
// in argv or base64s into a header stays in the transcript. Like `op run`
// and GitHub Actions, the masker matches the values themselves: given the
// secrets a run was given, every occurrence of a value in a byte stream is
// replaced by "***" + the env key it was bound to.
//
//   Build({{"OPENAI_API_KEY", "sk-live-1234"}})
//   "token=sk-live-1234\n"            -> "token=***OPENAI_API_KEY\n"
//   "Authorization: Basic dXNlcjpzay1saXZlLTEyMzQ="  (base64 of "user:sk-live-1234")
//                                     -> "Authorization: Basic dXNlcjp***OPENAI_API_KEYQ="
//   "no secret here"                  -> "no secret here" (byte for byte)
//
// What is matched, for each value (each form only where it differs from the
// ones before; identical forms of two secrets name the first one given):
// - the value's bytes;
// - URL-encoded as encodeURIComponent does (unreserved A-Za-z0-9-_.!~*'()
//   kept, every other byte %XX), with upper- and with lower-case hex, and as
//   an HTML form encodes it (space as '+');
// - JSON-string-escaped as JSON.stringify does (\" \\ \b \f \n \r \t,
//   other control bytes \u00xx), and the same with '/' as "\/";
// - hex, lower- and upper-case;
// - base64 and base64url (RFC 4648 §4 and §5). A value's base64 depends on
//   where it starts within the encoded bytes ("user:" before a token shifts
//   it), so each is matched at the three alignments (offset 0, 1 and 2
//   modulo 3), each trimmed to the characters that only the value's own bits
//   decide. The one to three characters at either end that mix in the
//   neighbouring bytes' bits stay (at most 4 bits of the value each side:
//   the "Q" above). MIME line-wrapped base64 (a break every
//   76 characters inside the value) and encodings of encodings are not
//   matched; nor are \uXXXX escapes of non-ASCII bytes (JSON.stringify keeps
//   them as UTF-8, which is matched).
//
// Values shorter than kMinMaskedValueLength bytes are not masked, and
// Masker::skipped() lists them so a caller can say so: a short value
// ("true", "8080", "admin") occurs by chance all over a transcript, and
// masking it would both shred the output and show, by where the markers
// fall, what the value is. GitHub Actions masks any non-empty value; `op run`
// does not document a floor.
//
// Overlaps. Every occurrence of every form is found (one Aho-Corasick
// automaton over all forms, one table step per input byte). Occurrences that
// overlap are merged into one run, and each run is replaced by one marker per
// distinct secret in it, in the order of their first occurrence's start
// (the same start: Build's order):
// secrets "abcdefgh" (A) and "fghijklm" (B) in "abcdefghijklm" give
// "***A***B", never "***Aijklm". So no byte of any occurrence survives: every
// byte of every occurrence is inside a run, and a run is output as markers only. The secrets a run
// names are those of the longest form ending at each of its bytes: a value
// inside another is named after it ("xx" + B + "yy" as C's value gives
// "***C***B") unless it ends where the other ends ("xx" + B as C's value
// gives "***C"); it is covered either way. Markers are never matched again:
// the automaton reads the input, not the output.
//
// Streaming. MaskStream gives exactly MaskText's output whatever the
// chunking, and between calls holds back only the input's longest suffix
// that begins some form (at most max_pattern_length() - 1 bytes; bytes
// already known to be inside a run are dropped, not held): a line that ends
// in a byte no form begins with is output whole, so a child's lines are not
// delayed. Time is linear in the input; memory is the automaton (one row of
// transitions per pattern byte, one column per distinct byte the patterns
// use: about 1.4 MB for 10 values of 40 bytes) plus the held bytes.
//
// The automaton encodes the values: treat a Masker like the values it was
// built from (this module copies them into no other string that survives
// Build; the temporary encodings are overwritten before they are freed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clasp/result.h"

namespace clasp {

inline constexpr std::size_t kMinMaskedValueLength = 6;

struct MaskSecret {
  std::string_view env_key;  // the marker's name: "***" + env_key
  std::string_view value;
};

struct MaskAutomaton;  // masker.cpp

class Masker {
 public:
  // The automaton over every form of every value of at least
  // kMinMaskedValueLength bytes. Fails (413 input_too_large) only when the
  // transition table would pass 2^28 entries (about 1 GiB), some ten
  // thousand 100-byte values.
  //   Build({{"K", "sk-live-1234"}})  -> ok, skipped() empty
  //   Build({{"PORT", "8080"}})       -> ok, skipped() == {0}, masks nothing
  static Result<Masker> Build(const std::vector<MaskSecret>& secrets);

  // Indices into Build's argument of the values too short to mask.
  const std::vector<std::size_t>& skipped() const { return skipped_; }
  std::size_t secret_count() const { return keys_.size(); }
  // The longest form; a stream holds back at most this minus one byte.
  std::size_t max_pattern_length() const;
  const std::string& env_key(std::size_t secret) const { return keys_[secret]; }

 private:
  friend class MaskStream;
  std::shared_ptr<const MaskAutomaton> automaton_;
  std::vector<std::string> keys_;
  std::vector<std::size_t> skipped_;
};

// One stream (a child's stdout, a transcript): feed it chunks as they come,
// then Finish once. Counts say how many runs each secret was in. The Masker
// must outlive its streams; one Masker serves any number of them.
//   MaskStream s(m);  s.Feed("tok sk-li") -> "tok ";  s.Feed("ve-1234 .") -> "***K .";
//   s.Finish() -> ""  ("sk-li" could begin the value, so it waits; "." begins
//   no form, so nothing before it does)
class MaskStream {
 public:
  explicit MaskStream(const Masker& masker);

  // Appends to `out` what is final now; what may still be part of a value
  // is held for the next call. The string forms return a fresh string.
  void Feed(std::string_view chunk, std::string& out);
  std::string Feed(std::string_view chunk);
  // Flushes the held bytes; the stream is then at its start again (counts kept).
  void Finish(std::string& out);
  std::string Finish();

  // Per secret (Build's indices): the runs it occurred in so far.
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  // Input bytes read but not yet output nor known to be masked.
  std::size_t held() const { return held_.size(); }

 private:
  struct Member {
    std::uint64_t start;
    std::uint32_t secret;
  };
  struct Run {
    std::uint64_t start;
    std::uint64_t end;
    std::vector<Member> members;
  };
  void AddMatch(std::uint64_t start, std::uint64_t end, std::uint64_t reach, std::uint32_t secret,
                std::string_view chunk, std::string& out);
  static void AddMember(Run& run, Member member);
  void Settle(std::uint64_t safe, std::string_view chunk, std::string& out);
  void EmitRaw(std::uint64_t from, std::uint64_t to, std::string_view chunk, std::string& out);
  void EmitRun(const Run& run, std::string& out);
  void KeepTail(std::string_view chunk);
  std::uint64_t Reach() const;

  std::shared_ptr<const MaskAutomaton> automaton_;
  const std::vector<std::string>* keys_;
  std::uint32_t state_ = 0;
  std::uint64_t consumed_ = 0;      // input bytes read
  std::uint64_t emitted_upto_ = 0;  // every input byte before this is decided
  std::uint64_t held_base_ = 0;     // stream index of held_[0]
  std::string held_;                // raw bytes [held_base_, consumed_)
  std::vector<Run> runs_;           // open, disjoint, in order
  std::uint64_t chunk_base_ = 0;    // stream index of the chunk being fed
  std::vector<std::pair<std::size_t, std::uint32_t>> later_;  // Feed's second-half matches
  std::vector<std::uint64_t> counts_;
};

// One whole text through a fresh stream; counts (per secret) when asked.
//   MaskText(m, "a sk-live-1234 b") -> "a ***K b"
std::string MaskText(const Masker& masker, std::string_view text, std::vector<std::uint64_t>* counts = nullptr);

}  // namespace clasp
