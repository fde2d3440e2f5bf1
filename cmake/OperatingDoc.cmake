# cmake -DREADME=README.md -DOUT=FILE -P cmake/OperatingDoc.cmake
#
# Writes FILE, the operator's manual installed as share/doc/clasp/operating.md:
# the README's "## Title" sections named below, each up to the next "## "
# heading, in README order under one heading. A named section missing from
# the README stops the build (a renamed heading must not silently drop a
# section from the installed documentation).
# The text is cut with string(FIND)/SUBSTRING, never split into a list, so
# the README's ';' and '[' stay as written.
cmake_minimum_required(VERSION 3.20)

set(SECTIONS "Installing clasp" "`clasp serve`" "Command line" "Operating clasp" "Binding doctor" "`clasp run-env`"
  "External references and remote import" "Backup and restore")

file(READ "${README}" readme)
set(found "")
foreach(title IN LISTS SECTIONS)
  string(FIND "${readme}" "\n## ${title}\n" start)
  if(start EQUAL -1)
    message(FATAL_ERROR "OperatingDoc: no section '## ${title}' in ${README}")
  endif()
  list(APPEND found "${start}")
endforeach()
list(SORT found COMPARE NATURAL)

set(text "# clasp: operating it\n\nFrom the project's README.\n")
foreach(start IN LISTS found)
  math(EXPR body "${start} + 1")
  string(SUBSTRING "${readme}" ${body} -1 rest)
  string(FIND "${rest}" "\n## " next)
  if(NOT next EQUAL -1)
    math(EXPR next "${next} + 1")
  endif()
  string(SUBSTRING "${rest}" 0 ${next} section)
  string(APPEND text "\n${section}")
endforeach()
file(WRITE "${OUT}" "${text}")
