# Writes OUTPUT, a C++ file that defines `const unsigned char SYMBOL[]` holding INPUT's bytes.
file(READ ${INPUT} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
file(WRITE ${OUTPUT}
  "// Generated from ${INPUT}; do not edit.\n"
  "#include <cstddef>\n"
  "extern const unsigned char ${SYMBOL}[];\n"
  "extern const std::size_t ${SYMBOL}_size;\n"
  "const unsigned char ${SYMBOL}[] = {${bytes} 0x00};\n"
  "const std::size_t ${SYMBOL}_size = sizeof(${SYMBOL}) - 1;\n")
