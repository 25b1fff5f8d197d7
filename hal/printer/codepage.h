/* codepage.h — the ESC/POS character code tables civiq knows (ESC t n): PC437 (n = 0, the
 * power-on default), WPC1252 (n = 16) and PC858 (n = 19, PC850 with the euro sign at 0xD5).
 * civiq prints in PC858: it has every character of German text (ä ö ü Ä Ö Ü ß €, § °) and is
 * in the Epson TM-T20 class' firmware at the same number.
 */
#ifndef CIVIQ_HAL_PRINTER_CODEPAGE_H
#define CIVIQ_HAL_PRINTER_CODEPAGE_H

#include <stdint.h>

#define CODEPAGE_PC437   0
#define CODEPAGE_WPC1252 16
#define CODEPAGE_PC858   19

/* The Unicode code point of byte b (0x20..0xFF) in the page, 0 for an undefined byte or an
 * unknown page; bytes below 0x20 are control codes (0). */
uint32_t codepage_to_unicode(int page, uint8_t b);
/* The byte for Unicode code point cp in the page, or -1 when the page does not have it. */
int codepage_from_unicode(int page, uint32_t cp);
/* 1 when civiq has a table for ESC t n. */
int codepage_known(int page);

#endif
