# Portal sync: everything the hub reads from the portal's bytes — bookings pages (records, times,
# cursor, more), Retry-After header lines and error answers.
if(TARGET civiq_sync)
	civiq_fuzz_target(portal_page LIBS civiq_sync)
	civiq_fuzz_target(portal_retry_after LIBS civiq_sync)
	civiq_fuzz_target(portal_error LIBS civiq_sync)
endif()
