#include "config.h"

#include "domain/bmi.h"

#include <math.h>

int
bmi_compute(int height_cm, double weight_kg, double *bmi)
{
	double metres = height_cm / 100.0;

	if (height_cm <= 0 || height_cm >= 300 || !(weight_kg > 0) ||
	    weight_kg >= 1000)
		return -1;
	*bmi = round(weight_kg / (metres * metres) * 10) / 10;
	return 0;
}

enum bmi_class
bmi_classify(double bmi)
{
	if (bmi < 18.5)
		return BMI_UNDERWEIGHT;
	if (bmi < 25)
		return BMI_HEALTHY;
	if (bmi < 30)
		return BMI_OVERWEIGHT;
	return BMI_OBESE;
}
