/* Sorting small arrays. */
#include "lib.h"

void sort_u64(u64 *v, unsigned int n)
{
	/* Insertion sort: the arrays here hold a few dozen entries. */
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u64 t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}
