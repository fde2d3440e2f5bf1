# cmake -DCLASP=path/to/clasp -DOUT=build/native -P cmake/GenerateDocs.cmake
# Writes OUT/man/man1/clasp.1 and OUT/completions/{clasp.bash,_clasp,clasp.fish}
# from `clasp man` and `clasp completion SHELL`.
file(MAKE_DIRECTORY ${OUT}/man/man1 ${OUT}/completions)
foreach(pair "man;man/man1/clasp.1" "completion;bash;completions/clasp.bash" "completion;zsh;completions/_clasp"
        "completion;fish;completions/clasp.fish")
  list(POP_BACK pair target)
  execute_process(COMMAND ${CLASP} ${pair} OUTPUT_FILE ${OUT}/${target} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "clasp ${pair} failed (${rc})")
  endif()
endforeach()
