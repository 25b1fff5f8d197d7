# Turns the files of the staff client into a C source (cmake -P, run by the hub's build):
#   cmake -DOUT=staff_assets.c -DDIR=firmware/hub/staff -DFILES="index.html;app.js" -P this
# Each file becomes a byte array and an entry {name, content type, data, len} of the table
# declared in staff_assets.h.
file(WRITE ${OUT}.tmp "/* Generated from firmware/hub/staff by embed_assets.cmake: do not edit. */\n"
	"#include \"hub/staff_assets.h\"\n\n")
set(entries "")
set(i 0)
foreach(name ${FILES})
	file(READ ${DIR}/${name} hex HEX)
	string(LENGTH "${hex}" hexlen)
	math(EXPR len "${hexlen} / 2")
	string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
	string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" bytes "${bytes}")
	file(APPEND ${OUT}.tmp "static const unsigned char asset_${i}[] = {\n${bytes}\n0};\n")
	if(name MATCHES "\\.html$")
		set(type "text/html; charset=utf-8")
	elseif(name MATCHES "\\.js$")
		set(type "text/javascript; charset=utf-8")
	elseif(name MATCHES "\\.css$")
		set(type "text/css; charset=utf-8")
	elseif(name MATCHES "\\.svg$")
		set(type "image/svg+xml")
	else()
		set(type "application/octet-stream")
	endif()
	string(APPEND entries "\t{ \"${name}\", \"${type}\", asset_${i}, ${len} },\n")
	math(EXPR i "${i} + 1")
endforeach()
file(APPEND ${OUT}.tmp "const struct staff_asset staff_assets[] = {\n${entries}};\n"
	"const size_t staff_n_assets = ${i};\n")
file(RENAME ${OUT}.tmp ${OUT})
