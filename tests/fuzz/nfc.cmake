# Card-reader parsers that read bytes from a socket or a serial line: vsmartcard's vpcd
# protocol (hal/nfc/vpcd) and the PN532 frame decoder of the reader emulator.
if(TARGET civiq_vpcd_proto)
	civiq_fuzz_target(nfc_vpcd_proto LIBS civiq_vpcd_proto)
endif()
if(TARGET civiq_pn532_frame)
	civiq_fuzz_target(nfc_pn532_frame LIBS civiq_pn532_frame)
endif()
