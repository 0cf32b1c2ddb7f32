# harfact batch from the command line: the summary of testdata/batch in input
# order (directory walk, then the manifest), exit 4 for the bad captures, a rerun
# reusing every result with the same bytes, shards whose union is the single
# run, no temporary file left, and the usage and input errors.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(common batch --no-default-lists testdata/batch/archive --manifest testdata/batch/manifest.txt)

execute_process(COMMAND ${TOOL} ${common} -o ${WORK_DIR}/out --jobs 2 WORKING_DIRECTORY ${SOURCE_DIR}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 4 OR NOT out STREQUAL "" OR NOT err STREQUAL "")
  message(FATAL_ERROR "batch: exit ${rc} (expected 4: broken and truncated captures), "
                      "stdout '${out}', stderr '${err}' (expected silence off a terminal)")
endif()
file(STRINGS ${WORK_DIR}/out/summary.ndjson lines)
list(LENGTH lines n)
if(NOT n EQUAL 7)
  message(FATAL_ERROR "expected 7 summary lines, got ${n}")
endif()
set(expected site_a/home.har site_a/nested/checkout.har site_b/broken.har site_b/landing.har
             site_b/truncated.har landing.har home.har)
set(expected_status complete complete unreadable complete truncated complete complete)
set(i 0)
foreach(line IN LISTS lines)
  string(JSON index GET "${line}" index)
  string(JSON rel GET "${line}" relative_path)
  string(JSON status GET "${line}" status)
  list(GET expected ${i} want)
  list(GET expected_status ${i} want_status)
  if(NOT index EQUAL i OR NOT rel STREQUAL want OR NOT status STREQUAL want_status)
    message(FATAL_ERROR "line ${i}: index ${index}, ${rel}, ${status}; expected ${want}, ${want_status}")
  endif()
  string(JSON result GET "${line}" result)
  if(NOT EXISTS ${WORK_DIR}/out/${result})
    message(FATAL_ERROR "line ${i}: no result ${result}")
  endif()
  math(EXPR i "${i} + 1")
endforeach()
string(JSON vendor GET "${lines}" vendors 0)
if(NOT vendor STREQUAL "google_analytics_4")
  message(FATAL_ERROR "home.har: vendor ${vendor}, expected google_analytics_4")
endif()
file(SHA256 ${WORK_DIR}/out/summary.ndjson first)
file(GLOB_RECURSE results ${WORK_DIR}/out/results/*.json)

# A rerun reuses every result and writes the same summary.
execute_process(COMMAND ${TOOL} ${common} -o ${WORK_DIR}/out WORKING_DIRECTORY ${SOURCE_DIR}
                RESULT_VARIABLE rc)
file(SHA256 ${WORK_DIR}/out/summary.ndjson second)
if(NOT rc EQUAL 4 OR NOT first STREQUAL second)
  message(FATAL_ERROR "the rerun gave exit ${rc} and another summary")
endif()

# Two shards in one directory: together, the single run.
foreach(k 0 1)
  execute_process(COMMAND ${TOOL} ${common} -o ${WORK_DIR}/shards --shard ${k}/2
                  WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc)
  if(rc GREATER 0 AND NOT rc EQUAL 4)
    message(FATAL_ERROR "shard ${k}/2: exit ${rc}")
  endif()
  file(STRINGS ${WORK_DIR}/shards/summary.shard-${k}-of-2.ndjson shard_lines_${k})
endforeach()
# Compared by the hashes of the lines (a message may hold a ';', a CMake list separator).
set(single)
foreach(line IN LISTS lines)
  string(SHA256 h "${line}")
  list(APPEND single ${h})
endforeach()
set(merged)
foreach(i RANGE 6)
  foreach(line IN LISTS shard_lines_0 shard_lines_1)
    string(JSON index GET "${line}" index)
    if(index EQUAL i)
      string(SHA256 h "${line}")
      list(APPEND merged ${h})
    endif()
  endforeach()
endforeach()
if(NOT merged STREQUAL single)
  message(FATAL_ERROR "the shards' lines sorted by index are not the single run's")
endif()
file(GLOB_RECURSE leftovers ${WORK_DIR}/.* ${WORK_DIR}/*/.* ${WORK_DIR}/*/*/.*)
if(leftovers)
  message(FATAL_ERROR "temporary files left behind: ${leftovers}")
endif()

# Usage and input errors.
execute_process(COMMAND ${TOOL} batch testdata/batch/archive WORKING_DIRECTORY ${SOURCE_DIR}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "-o OUTDIR")
  message(FATAL_ERROR "batch without -o: exit ${rc}, ${err}")
endif()
execute_process(COMMAND ${TOOL} batch testdata/batch/archive -o ${WORK_DIR}/x --shard 2/2
                WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "a shard 2/2 must be a usage error (exit ${rc})")
endif()
execute_process(COMMAND ${TOOL} batch --manifest ${WORK_DIR}/no-such-list -o ${WORK_DIR}/x
                WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 3 OR NOT err MATCHES "no-such-list")
  message(FATAL_ERROR "a missing manifest must be an input error (exit ${rc}, ${err})")
endif()
execute_process(COMMAND ${TOOL} batch --no-default-lists testdata/batch/archive/site_a
                        -o ${WORK_DIR}/good WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "a batch of good captures must exit 0 (exit ${rc})")
endif()
