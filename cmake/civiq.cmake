# Build helpers shared by every folder.

# civiq_optional_pkg(VAR module): find a pkg-config module and make an ON-by-default option
# CIVIQ_WITH_<VAR> that is forced OFF when the library is not installed.
function(civiq_optional_pkg var module)
	pkg_check_modules(${var} IMPORTED_TARGET ${module})
	if(${var}_FOUND)
		option(CIVIQ_WITH_${var} "Build the parts that need ${module}" ON)
	else()
		message(STATUS "civiq: ${module} not installed, parts that need it are skipped")
		set(CIVIQ_WITH_${var} OFF CACHE BOOL "Build the parts that need ${module}" FORCE)
	endif()
	set(CIVIQ_WITH_${var} ${CIVIQ_WITH_${var}} PARENT_SCOPE)
endfunction()

# Add each listed subdirectory that has a CMakeLists.txt, so a folder joins the build by
# existing, without edits to its parent.
function(civiq_add_present_subdirs)
	foreach(dir ${ARGN})
		if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
			add_subdirectory(${dir})
		endif()
	endforeach()
endfunction()

# Every immediate subfolder that has a CMakeLists.txt.
function(civiq_add_all_subdirs)
	file(GLOB entries LIST_DIRECTORIES true CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*)
	foreach(entry ${entries})
		if(IS_DIRECTORY ${entry} AND EXISTS ${entry}/CMakeLists.txt)
			add_subdirectory(${entry})
		endif()
	endforeach()
endfunction()

# civiq_unit_tests(LIBS a b ...): one test program per tests/unit/<lib>/test_<module>.c,
# each linked with the given libraries and cmocka, registered with ctest.
function(civiq_unit_tests)
	cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
	file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/test_*.c)
	get_filename_component(group ${CMAKE_CURRENT_SOURCE_DIR} NAME)
	foreach(src ${sources})
		get_filename_component(name ${src} NAME_WE)
		set(target ${group}_${name})
		add_executable(${target} ${src})
		target_link_libraries(${target} PRIVATE ${ARG_LIBS} PkgConfig::CMOCKA)
		add_test(NAME ${group}.${name} COMMAND ${target})
		set_tests_properties(${group}.${name} PROPERTIES LABELS "unit;${group}" TIMEOUT 120
			ENVIRONMENT "CIVIQ_SOURCE_DIR=${CMAKE_SOURCE_DIR};CIVIQ_BUILD_DIR=${CMAKE_BINARY_DIR}")
	endforeach()
endfunction()
