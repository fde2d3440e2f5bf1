# Install rules and the Debian package, for the native tree.
#
#   cmake --install build/native [--prefix /usr/local]
#     bin/clasp                        the binary, the web page compiled in
#     lib/systemd/system/clasp.service the unit (packaging/clasp.service)
#     share/doc/clasp/operating.md     the README's operator sections
#     share/man/man1/clasp.1           the man page (`clasp man`, native/CMakeLists.txt)
#     share/bash-completion/completions/clasp, share/zsh/vendor-completions/_clasp,
#     share/fish/vendor_completions.d/clasp.fish   the completions (`clasp completion SHELL`)
#   cd build/native && cpack -G DEB    -> clasp_<version>_<arch>.deb (prefix /usr): the
#     same files, the shared libraries the binary links as Depends (found by
#     dpkg-shlibdeps, so nothing of the tests or the WASM tree), and the
#     maintainer scripts in packaging/ (the clasp system user, /var/lib/clasp 0700).
include(GNUInstallDirs)

install(TARGETS clasp RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/packaging/clasp.service DESTINATION lib/systemd/system)
install(FILES ${CMAKE_BINARY_DIR}/man/man1/clasp.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_BINARY_DIR}/completions/clasp.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME clasp)
install(FILES ${CMAKE_BINARY_DIR}/completions/_clasp DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${CMAKE_BINARY_DIR}/completions/clasp.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# The README's sections an operator needs, in one file, regenerated whenever
# the README changes (cmake/OperatingDoc.cmake names them).
set(CLASP_OPERATING_DOC ${CMAKE_BINARY_DIR}/doc/operating.md)
add_custom_command(OUTPUT ${CLASP_OPERATING_DOC}
  COMMAND ${CMAKE_COMMAND} -DREADME=${PROJECT_SOURCE_DIR}/README.md -DOUT=${CLASP_OPERATING_DOC}
    -P ${PROJECT_SOURCE_DIR}/cmake/OperatingDoc.cmake
  DEPENDS ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/cmake/OperatingDoc.cmake
  COMMENT "Extracting the operator sections of README.md" VERBATIM)
add_custom_target(clasp_operating_doc ALL DEPENDS ${CLASP_OPERATING_DOC})
install(FILES ${CLASP_OPERATING_DOC} DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME clasp)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "clasp maintainers <clasp@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "secrets policy core and server for Paperclip-style AI-agent servers")
set(CPACK_PACKAGE_DESCRIPTION "clasp serves Paperclip's secrets API and its settings page from one binary, storing secrets encrypted in SQLite or Paperclip's PostgreSQL database; the package runs it as the clasp system service.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# postinst makes the system user with adduser.
set(CPACK_DEBIAN_PACKAGE_DEPENDS adduser)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/packaging/postinst ${PROJECT_SOURCE_DIR}/packaging/prerm ${PROJECT_SOURCE_DIR}/packaging/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
