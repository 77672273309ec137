#ifndef PC_BMI_H
#define PC_BMI_H

/* Body mass index from height and weight, with the WHO's adult classes. */

enum bmi_class {
	BMI_UNDERWEIGHT,	/* below 18.5 */
	BMI_HEALTHY,		/* 18.5 to below 25 */
	BMI_OVERWEIGHT,		/* 25 to below 30 */
	BMI_OBESE		/* 30 and above */
};

/*
 * Computes weight / height squared (kg/m²) rounded to one decimal, as the
 * store's generated column does to two; -1 when either is missing or out
 * of the ranges the store accepts.
 */
int bmi_compute(int height_cm, double weight_kg, double *bmi);

/* The WHO class of an adult's BMI. */
enum bmi_class bmi_classify(double bmi);

#endif
