/* input.c — the table of input backends, the URI dispatch and key names. */
#include <linux/input-event-codes.h>
#include <stdlib.h>
#include <string.h>

#include "hal/input.h"

extern const struct input_ops input_evdev_ops;
extern const struct input_ops input_sim_ops;

const struct input_ops *const input_backends[] = {
	&input_evdev_ops,
	&input_sim_ops,
	NULL,
};

int input_open(struct input *in, const char *uri)
{
	const char *colon = strchr(uri, ':');
	size_t n = colon ? (size_t)(colon - uri) : strlen(uri);

	memset(in, 0, sizeof(*in));
	for (size_t i = 0; input_backends[i]; i++) {
		const struct input_ops *ops = input_backends[i];
		if (strlen(ops->scheme) != n || strncmp(ops->scheme, uri, n))
			continue;
		in->ops = ops;
		int rc = ops->open(in, colon ? colon + 1 : "");
		if (rc)
			in->ops = NULL;
		return rc;
	}
	return -ENOTSUP;
}

#define K(name)             \
	{                   \
#name, name \
	}
static const struct {
	const char *name;
	int code;
} key_names[] = {
	K(KEY_ESC),      K(KEY_1),         K(KEY_2),     K(KEY_3),       K(KEY_4),
	K(KEY_5),        K(KEY_6),         K(KEY_7),     K(KEY_8),       K(KEY_9),
	K(KEY_0),        K(KEY_BACKSPACE), K(KEY_TAB),   K(KEY_Q),       K(KEY_W),
	K(KEY_E),        K(KEY_R),         K(KEY_T),     K(KEY_Y),       K(KEY_U),
	K(KEY_I),        K(KEY_O),         K(KEY_P),     K(KEY_ENTER),   K(KEY_A),
	K(KEY_S),        K(KEY_D),         K(KEY_F),     K(KEY_G),       K(KEY_H),
	K(KEY_J),        K(KEY_K),         K(KEY_L),     K(KEY_Z),       K(KEY_X),
	K(KEY_C),        K(KEY_V),         K(KEY_B),     K(KEY_N),       K(KEY_M),
	K(KEY_SPACE),    K(KEY_F1),        K(KEY_F2),    K(KEY_F3),      K(KEY_F4),
	K(KEY_F5),       K(KEY_F6),        K(KEY_F7),    K(KEY_F8),      K(KEY_F9),
	K(KEY_F10),      K(KEY_F11),       K(KEY_F12),   K(KEY_KP0),     K(KEY_KP1),
	K(KEY_KP2),      K(KEY_KP3),       K(KEY_KP4),   K(KEY_KP5),     K(KEY_KP6),
	K(KEY_KP7),      K(KEY_KP8),       K(KEY_KP9),   K(KEY_KPENTER), K(KEY_UP),
	K(KEY_DOWN),     K(KEY_LEFT),      K(KEY_RIGHT), K(KEY_PAGEUP),  K(KEY_PAGEDOWN),
	K(KEY_F13),      K(KEY_F14),       K(KEY_F15),   K(KEY_F16),     K(KEY_F17),
	K(KEY_F18),      K(KEY_F19),       K(KEY_F20),   K(KEY_OK),      K(KEY_NEXT),
	K(KEY_PREVIOUS), K(KEY_PLAYPAUSE), K(BTN_0),     K(BTN_1),       K(BTN_2),
	K(BTN_3),        K(BTN_4),         K(BTN_5),     K(BTN_6),       K(BTN_7),
	K(BTN_8),        K(BTN_9),         K(BTN_LEFT),  K(BTN_RIGHT),   K(BTN_MIDDLE),
	K(BTN_TRIGGER),  K(BTN_THUMB),     K(BTN_SOUTH), K(BTN_EAST),    K(BTN_NORTH),
	K(BTN_WEST),
};
#undef K

int input_key_parse(const char *name)
{
	char *end;

	if (!name || !name[0])
		return -EINVAL;
	if (name[0] >= '0' && name[0] <= '9') {
		long v = strtol(name, &end, 10);
		if (*end || v < 1 || v > KEY_MAX)
			return -EINVAL;
		return (int)v;
	}
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (!strcmp(key_names[i].name, name))
			return key_names[i].code;
	return -EINVAL;
}

const char *input_key_name(int code)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (key_names[i].code == code)
			return key_names[i].name;
	return NULL;
}
