// CBLAS and LAPACKE from the system (Debian: libblas-dev, liblapack-dev, liblapacke-dev; OpenBLAS is
// chosen at run time through Debian's alternatives). Swift code uses Int32 and the Cblas* constants
// only, since the netlib and OpenBLAS variants of cblas.h name their types differently.
#include <cblas.h>
#include <lapacke.h>
