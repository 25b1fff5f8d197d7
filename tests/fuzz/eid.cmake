# eID parsers: BER-TLV, APDU responses and commands, secure-messaging unwrap, MRZ, data groups.
if(TARGET civiq_eid)
	civiq_fuzz_target(eid_tlv LIBS civiq_eid)
	civiq_fuzz_target(eid_apdu LIBS civiq_eid civiq_hal_nfc)
	civiq_fuzz_target(eid_sm_unwrap LIBS civiq_eid)
	civiq_fuzz_target(eid_mrz LIBS civiq_eid)
	civiq_fuzz_target(eid_datagroups LIBS civiq_eid)
endif()
