// The masker: one Aho-Corasick automaton over every form of every value, and
// a stream that merges overlapping occurrences into runs (masker.h).
#include "clasp/masker.h"

#include <algorithm>
#include <utility>

#include "masker_internal.h"

namespace clasp {
namespace {

using masker_internal::Overwrite;

constexpr std::uint32_t kNone = 0xFFFFFFFFu;
// 2^28 four-byte entries: 1 GiB of table, far past any run's secrets.
constexpr std::uint64_t kMaxTableEntries = std::uint64_t{1} << 28;

struct Form {
  std::string text;
  std::uint32_t secret;
};

void AssignClasses(const std::vector<Form>& forms, MaskAutomaton& a) {
  std::array<bool, 256> used{};
  for (const Form& f : forms) {
    for (unsigned char c : f.text) used[c] = true;
  }
  a.classes = 1;
  for (int c = 0; c < 256; ++c) a.byte_class[c] = used[c] ? static_cast<std::uint8_t>(a.classes++) : 0;
}

// The trie, in `next` (kNone where no edge), with each pattern's end marked.
// A form equal to an earlier one (another secret with the same value, or
// one value's hex being another's bytes) keeps the earlier secret.
void BuildTrie(const std::vector<Form>& forms, MaskAutomaton& a) {
  const std::uint32_t k = a.classes;
  a.next.assign(k, kNone);
  a.out_length.assign(1, 0);
  a.out_secret.assign(1, 0);
  a.depth.assign(1, 0);
  for (const Form& f : forms) {
    std::uint32_t state = 0;
    for (unsigned char c : f.text) {
      std::uint32_t& edge = a.next[std::size_t{state} * k + a.byte_class[c]];
      if (edge == kNone) {
        edge = static_cast<std::uint32_t>(a.out_length.size());
        a.next.resize(a.next.size() + k, kNone);
        a.out_length.push_back(0);
        a.out_secret.push_back(0);
        a.depth.push_back(a.depth[state] + 1);
      }
      state = a.next[std::size_t{state} * k + a.byte_class[c]];
    }
    if (a.out_length[state] == 0) {
      a.out_length[state] = static_cast<std::uint32_t>(f.text.size());
      a.out_secret[state] = f.secret;
    }
    a.max_length = std::max(a.max_length, f.text.size());
  }
}

// States that end no pattern first (breadth first from the root, so the
// shallow states the scan lives in share cache lines), then those that do:
// the scan tells a match by one comparison with first_out, with nothing to
// mask off the next state. Entries become row offsets (state * classes).
void Renumber(MaskAutomaton& a, const std::vector<std::uint32_t>& bfs) {
  const std::uint32_t k = a.classes;
  const std::size_t states = a.out_length.size();
  std::vector<std::uint32_t> order{0};
  for (std::uint32_t s : bfs) {
    if (a.out_length[s] == 0) order.push_back(s);
  }
  const std::size_t quiet = order.size();
  for (std::uint32_t s : bfs) {
    if (a.out_length[s] != 0) order.push_back(s);
  }
  std::vector<std::uint32_t> renamed(states);
  for (std::size_t n = 0; n < states; ++n) renamed[order[n]] = static_cast<std::uint32_t>(n);
  std::vector<std::uint32_t> next(a.next.size());
  std::vector<std::uint32_t> out_length(states), out_secret(states), depth(states);
  for (std::size_t n = 0; n < states; ++n) {
    const std::uint32_t old = order[n];
    for (std::uint32_t c = 0; c < k; ++c) next[n * k + c] = renamed[a.next[std::size_t{old} * k + c]] * k;
    out_length[n] = a.out_length[old];
    out_secret[n] = a.out_secret[old];
    depth[n] = a.depth[old];
  }
  a.next = std::move(next);
  a.out_length = std::move(out_length);
  a.out_secret = std::move(out_secret);
  a.depth = std::move(depth);
  a.first_out = static_cast<std::uint32_t>(quiet * k);
}

// Failure links breadth first, filling every missing edge with the failure
// state's, so the scan never follows a link; a state that ends no pattern
// inherits its failure state's longest output.
void CompleteTransitions(MaskAutomaton& a) {
  const std::uint32_t k = a.classes;
  std::vector<std::uint32_t> fail(a.out_length.size(), 0);
  std::vector<std::uint32_t> queue;
  queue.reserve(a.out_length.size());
  for (std::uint32_t c = 0; c < k; ++c) {
    std::uint32_t& edge = a.next[c];
    if (edge == kNone) {
      edge = 0;
    } else {
      queue.push_back(edge);
    }
  }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::uint32_t s = queue[head];
    for (std::uint32_t c = 0; c < k; ++c) {
      std::uint32_t& edge = a.next[std::size_t{s} * k + c];
      const std::uint32_t via_fail = a.next[std::size_t{fail[s]} * k + c];
      if (edge == kNone) {
        edge = via_fail;
        continue;
      }
      fail[edge] = via_fail;
      if (a.out_length[edge] == 0) {
        a.out_length[edge] = a.out_length[via_fail];
        a.out_secret[edge] = a.out_secret[via_fail];
      }
      queue.push_back(edge);
    }
  }
  Renumber(a, queue);
}

std::uint64_t CountStates(const std::vector<Form>& forms) {
  std::uint64_t states = 1;
  for (const Form& f : forms) states += f.text.size();
  return states;
}

}  // namespace

Result<Masker> Masker::Build(const std::vector<MaskSecret>& secrets) {
  Masker masker;
  std::vector<Form> forms;
  for (std::size_t i = 0; i < secrets.size(); ++i) {
    masker.keys_.emplace_back(secrets[i].env_key);
    if (secrets[i].value.size() < kMinMaskedValueLength) {
      masker.skipped_.push_back(i);
      continue;
    }
    for (std::string& f : masker_internal::ValueForms(secrets[i].value)) {
      forms.push_back(Form{std::move(f), static_cast<std::uint32_t>(i)});
    }
  }
  auto automaton = std::make_shared<MaskAutomaton>();
  AssignClasses(forms, *automaton);
  const bool fits = CountStates(forms) * automaton->classes <= kMaxTableEntries;
  if (fits && !forms.empty()) {
    BuildTrie(forms, *automaton);
    CompleteTransitions(*automaton);
  }
  for (Form& f : forms) Overwrite(f.text);
  if (!fits) {
    return Result<Masker>::Fail(MakeDiagnostic(Code::kInputTooLarge, "",
                                               "Too many or too long values to mask (the automaton would pass 2^28 entries)"));
  }
  masker.automaton_ = std::move(automaton);
  return Result<Masker>::Ok(std::move(masker));
}

std::size_t Masker::max_pattern_length() const { return automaton_ ? automaton_->max_length : 0; }

MaskStream::MaskStream(const Masker& masker)
    : automaton_(masker.automaton_), keys_(&masker.keys_), counts_(masker.keys_.size(), 0) {}

void MaskStream::Feed(std::string_view chunk, std::string& out) {
  chunk_base_ = consumed_;
  if (!automaton_ || automaton_->max_length == 0) {
    out.append(chunk);
    consumed_ += chunk.size();
    emitted_upto_ = held_base_ = consumed_;
    return;
  }
  const MaskAutomaton& a = *automaton_;
  const std::uint32_t* next = a.next.data();
  const std::uint8_t* classes = a.byte_class.data();
  const std::uint32_t first_out = a.first_out;
  const auto step = [&](std::uint32_t state, std::size_t i) {
    return next[state + classes[static_cast<unsigned char>(chunk[i])]];
  };
  const auto match = [&](std::size_t i, std::uint32_t state) {
    const std::uint32_t s = state / a.classes;
    const std::uint64_t end = chunk_base_ + i + 1;
    AddMatch(end - a.out_length[s], end, end - a.depth[s], a.out_secret[s], chunk, out);
  };
  std::uint32_t state = state_;
  std::size_t i = 0;
  // A long chunk is read as two halves at once: two independent chains of
  // table loads instead of one. The second half's scan starts at the root
  // max_length bytes before the middle, which is enough for its state to be
  // the true one from the middle on (no form is longer); its matches from
  // there wait until the first half's are placed, so matches still arrive in
  // the order of their ends.
  const std::size_t warm = a.max_length;
  if (chunk.size() >= 4 * warm + 256) {
    const std::size_t mid = chunk.size() / 2;
    std::uint32_t second = 0;
    later_.clear();
    for (std::size_t j = mid - warm; i < mid; ++i, ++j) {
      state = step(state, i);
      second = step(second, j);
      if (state >= first_out) match(i, state);
      if (second >= first_out && j >= mid) later_.emplace_back(j, second);
    }
    for (const auto& [j, at] : later_) match(j, at);
    state = second;
    i = 2 * mid - warm;
  }
  for (; i < chunk.size(); ++i) {
    state = step(state, i);
    if (state >= first_out) match(i, state);
  }
  state_ = state;
  consumed_ = chunk_base_ + chunk.size();
  Settle(Reach(), chunk, out);
  KeepTail(chunk);
}

std::string MaskStream::Feed(std::string_view chunk) {
  std::string out;
  Feed(chunk, out);
  return out;
}

void MaskStream::Finish(std::string& out) {
  chunk_base_ = consumed_;
  Settle(consumed_, {}, out);
  held_.clear();
  held_base_ = consumed_;
  state_ = 0;
}

std::string MaskStream::Finish() {
  std::string out;
  Finish(out);
  return out;
}

// A match [start, end): first everything no later match can reach is
// output (`reach`, at or before `start`: a later match begins within what
// the automaton's state has read), then the match joins the open runs it
// overlaps (a suffix of them: every open run ends at or before `end`).
void MaskStream::AddMatch(std::uint64_t start, std::uint64_t end, std::uint64_t reach, std::uint32_t secret,
                          std::string_view chunk, std::string& out) {
  Settle(reach, chunk, out);
  std::size_t first = runs_.size();
  while (first > 0 && runs_[first - 1].end > start) --first;
  if (first == runs_.size()) {
    runs_.push_back(Run{start, end, {Member{start, secret}}});
    return;
  }
  Run& into = runs_[first];
  for (std::size_t j = first + 1; j < runs_.size(); ++j) {
    for (const Member& m : runs_[j].members) AddMember(into, m);
  }
  runs_.resize(first + 1);
  into.start = std::min(into.start, start);
  into.end = std::max(into.end, end);
  AddMember(into, Member{start, secret});
}

void MaskStream::AddMember(Run& run, Member member) {
  for (Member& m : run.members) {
    if (m.secret == member.secret) {
      m.start = std::min(m.start, member.start);
      return;
    }
  }
  run.members.push_back(member);
}

// Outputs every run that ends at or before `safe` (no match to come can
// overlap it) and the raw bytes before `safe` that no open run holds.
void MaskStream::Settle(std::uint64_t safe, std::string_view chunk, std::string& out) {
  std::size_t closed = 0;
  while (closed < runs_.size() && runs_[closed].end <= safe) {
    EmitRaw(emitted_upto_, runs_[closed].start, chunk, out);
    EmitRun(runs_[closed], out);
    emitted_upto_ = runs_[closed].end;
    ++closed;
  }
  runs_.erase(runs_.begin(), runs_.begin() + static_cast<std::ptrdiff_t>(closed));
  const std::uint64_t limit = runs_.empty() ? safe : std::min(runs_.front().start, safe);
  if (limit > emitted_upto_) {
    EmitRaw(emitted_upto_, limit, chunk, out);
    emitted_upto_ = limit;
  }
}

// Input bytes [from, to): those before the chunk are in held_.
void MaskStream::EmitRaw(std::uint64_t from, std::uint64_t to, std::string_view chunk, std::string& out) {
  if (from >= to) return;
  if (from < chunk_base_) {
    const std::uint64_t upto = std::min(to, chunk_base_);
    out.append(held_, from - held_base_, upto - from);
    from = upto;
  }
  if (from < to) out.append(chunk.substr(from - chunk_base_, to - from));
}

void MaskStream::EmitRun(const Run& run, std::string& out) {
  std::vector<Member> members = run.members;
  std::sort(members.begin(), members.end(), [](const Member& x, const Member& y) {
    return x.start != y.start ? x.start < y.start : x.secret < y.secret;
  });
  for (const Member& m : members) {
    ++counts_[m.secret];
    out += "***";
    out += (*keys_)[m.secret];
  }
}

// Where a match still to come can start: the bytes the automaton's state
// has read are the longest suffix of the input that begins some form.
std::uint64_t MaskStream::Reach() const {
  const MaskAutomaton& a = *automaton_;
  return consumed_ - a.depth[state_ / a.classes];
}

// Keeps the raw bytes a later call may still output: those after both the
// decided prefix and the reach of any later match, outside the open runs
// (under max_length bytes: a state that has read max_length bytes has just
// ended the longest form, whose bytes are a run).
void MaskStream::KeepTail(std::string_view chunk) {
  std::uint64_t base = std::max(emitted_upto_, Reach());
  // Bytes inside an open run are replaced, never output: not held.
  for (const Run& r : runs_) {
    if (r.start <= base && r.end > base) base = r.end;
  }
  if (base >= chunk_base_) {
    Overwrite(held_);
    held_.assign(chunk.substr(base - chunk_base_));
  } else {
    held_.erase(0, base - held_base_);
    held_.append(chunk);
  }
  held_base_ = base;
}

std::string MaskText(const Masker& masker, std::string_view text, std::vector<std::uint64_t>* counts) {
  MaskStream stream(masker);
  std::string out;
  stream.Feed(text, out);
  stream.Finish(out);
  if (counts) *counts = stream.counts();
  return out;
}

}  // namespace clasp
