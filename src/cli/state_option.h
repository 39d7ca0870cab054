// An option that takes a state by its stored word (--status needs_review,
// --state queued), its words taken from the state type itself, so a new
// state cannot be left out of the CLI.
#ifndef BEIAN_CLI_STATE_OPTION_H_
#define BEIAN_CLI_STATE_OPTION_H_

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <vector>

namespace beian::cli {

// Adds `option` to `cmd`, storing the word in `word`: its help lists the
// words `name` gives the states in `all`, and any other word is refused.
//   AddStateOption(*list, "--status", args->status, kCaseStatuses,
//                  CaseStatusName);
template <typename State, size_t N>
CLI::Option* AddStateOption(CLI::App& cmd, const std::string& option,
                            std::string& word, const State (&all)[N],
                            const char* (*name)(State)) {
  std::vector<std::string> words;
  std::string help;
  for (State s : all) {
    words.push_back(name(s));
    help += (help.empty() ? "" : " | ") + words.back();
  }
  return cmd.add_option(option, word, help)->check(CLI::IsMember(words));
}

}  // namespace beian::cli

#endif  // BEIAN_CLI_STATE_OPTION_H_
